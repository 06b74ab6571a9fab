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
/// as calls ever ran at once. A schema beyond its <see cref="SchemaLimits"/> (one stored before the
/// limits, say) is never evaluated, nor is a value whose evaluation would do more work, or nest deeper,
/// than the limits allow (counted first, <see cref="SchemaGraph.CountWork"/>): the check says why.
/// </summary>
public sealed class CompiledSchema
{
    private readonly string _schemaText;
    private readonly SchemaLimits _limits;
    private readonly Lazy<(string? Problem, SchemaGraph? Graph)> _analysis;
    private readonly ConcurrentBag<(JsonSchema Schema, EvaluationOptions Options)> _idle = [];

    static CompiledSchema() => LinearKeywords.Install();

    public CompiledSchema(string schemaText, SchemaLimits? limits = null)
    {
        _schemaText = schemaText;
        _limits = limits ?? SchemaLimits.Default;
        _analysis = new(() => JsonNode.Parse(_schemaText) is { } schema ? SchemaBounds.Analyze(schema, _limits) : ("is empty.", null));
    }

    /// <summary>Why <paramref name="instance"/> breaks the schema, or null when it satisfies it.</summary>
    public string? Check(JsonNode? instance)
    {
        var (beyond, graph) = _analysis.Value;
        if (graph is null)
        {
            return "the schema cannot be evaluated: it " + beyond;
        }

        if (graph.CountWork(instance, _limits.MaxEvaluationWork, _limits.MaxEvaluationDepth) is { } tooMuch)
        {
            return "the value was not checked: " + tooMuch;
        }

        (JsonSchema Schema, EvaluationOptions Options)? evaluator = null;
        try
        {
            evaluator = _idle.TryTake(out var idle) ? idle : (JsonSchema.FromText(_schemaText), JsonSchemas.NewEvaluationOptions());
            EvaluationResults result;
            using (PatternBudget.Start(_limits.MaxPatternWork))
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
