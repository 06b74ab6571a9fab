using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// A schema parsed once and checked many times, as the gateway checks every call's input. JsonSchema.Net
/// caches evaluation state inside a schema object and that state is not safe to share between concurrent
/// evaluations (json-everything#929), nor is an options object's schema registry, so each evaluation
/// borrows a schema and options of its own: made on first need, returned afterwards, and as many kept
/// as calls ever ran at once. A schema beyond <see cref="SchemaLimits.Default"/> (one stored before the
/// limits, say) is never evaluated, nor is a value whose evaluation would exceed
/// <see cref="SchemaLimits.MaxEvaluationWork"/>: the check says why.
/// </summary>
public sealed class CompiledSchema(string schemaText)
{
    private readonly ConcurrentBag<(JsonSchema Schema, EvaluationOptions Options)> _idle = [];
    private readonly Lazy<(string? Problem, long Cost)> _measure = new(() => JsonNode.Parse(schemaText) is { } schema
        ? SchemaBounds.Measure(schema, SchemaLimits.Default)
        : (null, 1));

    static CompiledSchema() => LinearKeywords.Install();

    /// <summary>Why <paramref name="instance"/> breaks the schema, or null when it satisfies it.</summary>
    public string? Check(JsonNode? instance)
    {
        var (beyond, cost) = _measure.Value;
        if (beyond is not null)
        {
            return "the schema cannot be evaluated: it " + beyond;
        }

        var maxWork = SchemaLimits.Default.MaxEvaluationWork;
        var values = SchemaBounds.CountValues(instance, maxWork / Math.Max(cost, 1));
        if (values * cost > maxWork)
        {
            return $"the value holds too many JSON values to check against this schema ({values:N0}+ values × {cost:N0} subschemas; "
                + $"at most {maxWork:N0} per call).";
        }

        (JsonSchema Schema, EvaluationOptions Options)? evaluator = null;
        try
        {
            evaluator = _idle.TryTake(out var idle)
                ? idle
                : (JsonSchema.FromText(schemaText), new EvaluationOptions { OutputFormat = OutputFormat.List });
            EvaluationResults result;
            using (PatternBudget.Start())
            {
                result = evaluator.Value.Schema.Evaluate(instance, evaluator.Value.Options);
            }

            return result.IsValid ? null : JsonSchemas.Describe(result);
        }
        catch (Exception e) when (JsonSchemas.IsSchemaFault(e))
        {
            // Whatever state a failed evaluation left behind is not worth keeping.
            evaluator = null;
            return e is RegexMatchTimeoutException
                ? "its patterns took too long to match this value."
                : "could not be evaluated: " + e.Message;
        }
        finally
        {
            if (evaluator is { } done)
            {
                _idle.Add(done);
            }
        }
    }
}
