namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// How large and how costly a publisher's JSON Schema may be. Anyone can publish, so a schema is
/// hostile until it is shown to be small, shallow and cheap to evaluate: these are checked before any
/// library parses or evaluates it (<see cref="SchemaBounds"/>).
/// </summary>
public sealed record SchemaLimits
{
    public static readonly SchemaLimits Default = new();

    /// <summary>The schema's JSON, in UTF-8 bytes.</summary>
    public int MaxBytes { get; init; } = 64 * 1024;

    /// <summary>How deeply subschemas nest inside each other, as written.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>
    /// The longest path evaluation can take through nested subschemas and `$ref`s (a `$ref` back onto
    /// the path — a recursive schema — ends it). Bounds the evaluator's stack.
    /// </summary>
    public int MaxPathLength { get; init; } = 64;

    /// <summary>
    /// How many subschemas the schema amounts to with every `$ref` followed (each recursion once):
    /// what evaluating one value may visit. Bounds the evaluator's work per value.
    /// </summary>
    public int MaxExpandedSubschemas { get; init; } = 2_000;

    /// <summary>
    /// The most work one evaluation may do, as the number of JSON values in the instance times the
    /// subschemas the schema amounts to (an `enum` counting its members): a value beyond it is refused
    /// unevaluated. JsonSchema.Net spends a few microseconds per value and subschema, so the default
    /// bounds one evaluation to a fraction of a second of CPU.
    /// </summary>
    public long MaxEvaluationWork { get; init; } = 50_000;

    /// <summary>The length of one `pattern` or `patternProperties` regular expression.</summary>
    public int MaxPatternLength { get; init; } = 1_000;
}
