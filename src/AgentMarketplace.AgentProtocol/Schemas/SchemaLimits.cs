using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// How large and how costly a publisher's JSON Schema may be. Anyone can publish, so a schema is
/// hostile until it is shown to be small, shallow and cheap to evaluate: these are checked before any
/// library parses or evaluates it (<see cref="SchemaBounds"/>).
/// </summary>
public sealed record SchemaLimits
{
    /// <summary>Shared by every module that checks schemas: `SchemaLimits:MaxBytes`, …</summary>
    public const string SectionName = "SchemaLimits";

    public static readonly SchemaLimits Default = new();

    /// <summary>The schema's JSON, in UTF-8 bytes.</summary>
    [Range(1024, 1024 * 1024)] public int MaxBytes { get; init; } = 64 * 1024;

    /// <summary>All of one version's schemas together, in UTF-8 bytes: checking them is most of a publish's cost.</summary>
    [Range(1024, 16 * 1024 * 1024)] public int MaxVersionSchemaBytes { get; init; } = 256 * 1024;

    /// <summary>How deeply subschemas nest inside each other, as written.</summary>
    [Range(1, 64)] public int MaxDepth { get; init; } = 32;

    /// <summary>
    /// The longest path evaluation can take through nested subschemas and `$ref`s (a `$ref` back onto
    /// the path — a recursive schema — ends it). Bounds the evaluator's stack.
    /// </summary>
    [Range(1, 256)] public int MaxPathLength { get; init; } = 64;

    /// <summary>
    /// How many subschemas the schema amounts to with every `$ref` followed (each recursion once):
    /// what evaluating one value may visit. Bounds the evaluator's work per value.
    /// </summary>
    [Range(1, 100_000)] public int MaxExpandedSubschemas { get; init; } = 2_000;

    /// <summary>
    /// The most work one evaluation may do, counted before it is done (<see cref="SchemaGraph.CountWork"/>)
    /// as the subschemas it would apply to the parts of the value (an `enum` counting its members): a
    /// value beyond it is refused unevaluated. JsonSchema.Net spends a few microseconds on each, so the
    /// default bounds one evaluation to well under a tenth of a second of CPU.
    /// </summary>
    [Range(1, 10_000_000)] public long MaxEvaluationWork { get; init; } = 20_000;

    /// <summary>How deeply subschemas may nest while one value is evaluated (recursion repeats per level of the value).</summary>
    [Range(1, 1_000)] public int MaxEvaluationDepth { get; init; } = 256;

    /// <summary>
    /// The pattern work one evaluation may do, counted before each match as the input's length times the
    /// pattern's (<see cref="PatternBudget"/>): linear matching costs at most about that, so the bound holds
    /// on a busy machine too. A value beyond it is refused (400), naming the patterns.
    /// </summary>
    [Range(1, 1_000_000_000)] public long MaxPatternWork { get; init; } = PatternBudget.DefaultUnits;

    /// <summary>The length of one `pattern` or `patternProperties` regular expression.</summary>
    [Range(1, 100_000)] public int MaxPatternLength { get; init; } = 1_000;
}

public static class SchemaLimitsRegistration
{
    /// <summary>Binds <see cref="SchemaLimits"/> from its section; every module that checks schemas calls it (repeats are harmless).</summary>
    public static IServiceCollection AddSchemaLimits(this IServiceCollection services)
    {
        services.AddOptions<SchemaLimits>().BindConfiguration(SchemaLimits.SectionName).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
