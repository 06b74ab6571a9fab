using Json.Schema;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// JsonSchema.Net keywords whose cost a hostile schema or value can blow up, replaced by ones with
/// the same meaning and a bounded cost. The library matches `pattern` and `patternProperties` with the
/// backtracking engine and a fixed 5-second timeout of its own (`^(a+)+$` against 34 `a`s and a `!`
/// cost every caller five seconds of CPU), and compares `uniqueItems` pairwise (100,000 numbers took
/// minutes). The library finds keywords by name, so registering a type under the same name replaces it
/// for every schema parsed afterwards.
/// </summary>
internal static class LinearKeywords
{
    static LinearKeywords()
    {
        // The meta-schemas are built with the library's own keywords (their patterns are trusted); they must
        // exist before the names are taken over, since building them looks the keyword types up.
        _ = MetaSchemas.Draft202012;
        SchemaKeywordRegistry.Register<LinearPatternKeyword>(LinearKeywordSerializerContext.Default);
        SchemaKeywordRegistry.Register<LinearPatternPropertiesKeyword>(LinearKeywordSerializerContext.Default);
        SchemaKeywordRegistry.Register<LinearUniqueItemsKeyword>(LinearKeywordSerializerContext.Default);
    }

    /// <summary>Takes the keywords over; call before any schema is parsed. Idempotent and thread-safe.</summary>
    public static void Install()
    {
        // The static constructor does the work, once, whichever thread gets here first.
    }
}
