using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Storefront.Api;

/// <summary>A problem the API answered (RFC 9457), or one met on the way to it, said so a visitor can read it.</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Fields)
{
    internal static ApiProblem From(ProblemDetails problem) =>
        new(problem.StatusCode(), problem.Title ?? "The request was refused.", problem.Detail, problem.FieldErrors());

    private static readonly IReadOnlyDictionary<string, string[]> NoFields = new Dictionary<string, string[]>();

    internal static ApiProblem Unreachable { get; } = new(503, "The marketplace cannot be reached right now.", "Try again in a moment.", NoFields);

    /// <summary>What the storefront itself finds wrong before asking the API (a pasted document that is not JSON).</summary>
    internal static ApiProblem BadInput(string title, string? detail) => new(400, title, detail, NoFields);
}
