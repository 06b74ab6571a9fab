using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Client;

/// <summary>What a problem (RFC 9457) says, read from the typed exception the generated client throws.</summary>
public static class ProblemDetailsExtensions
{
    /// <summary>For invalid input: each field, named as it was sent, with its messages; empty otherwise.</summary>
    public static IReadOnlyDictionary<string, string[]> FieldErrors(this ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return (problem.Errors?.AdditionalData ?? new Dictionary<string, object>()).ToDictionary(
            field => field.Key,
            field => field.Value switch
            {
                UntypedArray messages => messages.GetValue().Select(FreeFormJson.ToJsonNode).Select(m => m?.ToString() ?? "").ToArray(),
                UntypedNode message => [FreeFormJson.ToJsonNode(message)?.ToString() ?? ""],
                _ => [field.Value?.ToString() ?? ""],
            },
            StringComparer.Ordinal);
    }

    /// <summary>The HTTP status: the body's `status`, else the response's.</summary>
    public static int StatusCode(this ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Status ?? problem.ResponseStatusCode;
    }
}
