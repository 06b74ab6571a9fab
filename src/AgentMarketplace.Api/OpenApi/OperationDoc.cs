namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// What the OpenAPI document says of one operation beyond its route's metadata: what it does and
/// what it costs or counts (<paramref name="Description"/>, Markdown), the error statuses its handler
/// can answer beyond those the metadata implies, and example bodies (JSON) of its request and success.
/// </summary>
internal sealed record OperationDoc(string Description)
{
    public int[] Errors { get; init; } = [];

    public string? Request { get; init; }

    public string? Response { get; init; }
}

/// <summary>
/// Every operation's <see cref="OperationDoc"/>, keyed by the endpoint's `WithName` (its operationId),
/// one file per module. A new endpoint needs an entry here: without one the document check fails.
/// </summary>
internal static partial class OperationCatalogue
{
    public const string ApiDescription =
        "Publish, verify, discover, deploy, invoke, meter and bill AI agents.\n\n" +
        "- **Auth**: `Authorization: Bearer <accessToken>` (from `POST /api/v1/auth/token`) or `X-Api-Key: <key>` " +
        "(from `POST /api/v1/users/me/api-keys`); both work on every route that needs a user.\n" +
        "- **Errors**: every error is `application/problem+json` (RFC 9457) with `type`, `title`, `status`, `detail`, " +
        "and `errors` (field → messages) for invalid input. 404 also means \"not yours\".\n" +
        "- **Lists**: `?limit=` (default 20, max 100) and `?cursor=`; answers `{ items, nextCursor }`.\n" +
        "- **Money**: integer minor units (`…Cents`) and an ISO-4217 `currency`. Times are ISO-8601 UTC.\n" +
        "- **Idempotency**: writes that move money or usage take an `Idempotency-Key` header.";

    private static readonly Lazy<Dictionary<string, OperationDoc>> All = new(() =>
        new[] { Users(), Registry(), Marketplace(), Deployment(), Billing(), Operations(), McpEdge() }
            .SelectMany(entries => entries)
            .ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal));

    public static IReadOnlyCollection<string> OperationIds => All.Value.Keys;

    public static OperationDoc? Find(string? operationId) =>
        operationId is not null && All.Value.TryGetValue(operationId, out var doc) ? doc : null;
}
