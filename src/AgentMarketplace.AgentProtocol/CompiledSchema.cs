using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// A schema parsed once and checked many times, as the gateway checks every call's input. JsonSchema.Net
/// caches evaluation state inside a schema object and that state is not safe to share between concurrent
/// evaluations (json-everything#929), nor is an options object's schema registry, so each evaluation
/// borrows a schema and options of its own: made on first need, returned afterwards, and as many kept
/// as calls ever ran at once.
/// </summary>
public sealed class CompiledSchema(string schemaText)
{
    private readonly ConcurrentBag<(JsonSchema Schema, EvaluationOptions Options)> _idle = [];

    /// <summary>Why <paramref name="instance"/> breaks the schema, or null when it satisfies it.</summary>
    public string? Check(JsonNode? instance)
    {
        (JsonSchema Schema, EvaluationOptions Options)? evaluator = null;
        try
        {
            evaluator = _idle.TryTake(out var idle)
                ? idle
                : (JsonSchema.FromText(schemaText), new EvaluationOptions { OutputFormat = OutputFormat.List });
            var result = evaluator.Value.Schema.Evaluate(instance, evaluator.Value.Options);
            return result.IsValid ? null : JsonSchemas.Describe(result);
        }
        catch (Exception e) when (JsonSchemas.IsSchemaFault(e))
        {
            // Whatever state a failed evaluation left behind is not worth keeping.
            evaluator = null;
            return e is RegexMatchTimeoutException
                ? "a `pattern` took too long to evaluate."
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
