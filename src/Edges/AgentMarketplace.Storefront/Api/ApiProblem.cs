using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Storefront.Api;

/// <summary>A problem the API answered (RFC 9457), or its absence, said so a visitor can read it.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Fields)
{
    internal static ApiProblem From(ProblemDetails problem) =>
        new(problem.StatusCode(), problem.Title ?? "The request was refused.", problem.Detail, problem.FieldErrors());

    internal static ApiProblem Unreachable { get; } = new(503, "The marketplace cannot be reached right now.", "Try again in a moment.",
        new Dictionary<string, string[]>());

    /// <summary>The messages for one field, matched without regard to case (`Email` and `email`).</summary>
    public IEnumerable<string> For(string field) =>
        Fields.Where(f => string.Equals(f.Key, field, StringComparison.OrdinalIgnoreCase)).SelectMany(f => f.Value);
}
