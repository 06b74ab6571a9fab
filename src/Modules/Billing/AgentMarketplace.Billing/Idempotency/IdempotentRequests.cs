using System.Security.Cryptography;
using System.Text.Json;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Idempotency;

/// <summary>
/// Idempotency-Key semantics as Stripe and the IETF draft define them, per user and route: the first
/// request with a key runs and its answer is kept (≥ 24 h); the same key and body again gets that
/// answer again without running; the same key with another body is 422; the same key while the first
/// is still running is 409. An operation that throws leaves no record, so the client may retry.
/// </summary>
internal sealed class IdempotentRequests(BillingDbContext db, IOptions<BillingOptions> options, TimeProvider clock)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredAnswer(int Status, JsonElement? Value, DomainError? Error);

    public async Task<IResult> RunAsync<TRequest, TResponse>(
        Guid userId, string scope, string key, TRequest request, int successStatus, Func<Task<Result<TResponse>>> operation, CancellationToken ct)
    {
        var hash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, Json)));
        var now = clock.GetUtcNow();
        var claimed = await IdempotencyKeyStatements.ClaimAsync(
            db, userId, scope, key, hash, now, now.AddHours(-options.Value.IdempotencyKeyHours), ct);
        if (claimed == 0)
        {
            var existing = await db.IdempotencyKeys.AsNoTracking().FirstAsync(r => r.UserId == userId && r.Scope == scope && r.Key == key, ct);
            if (existing.RequestHash != hash)
            {
                return Problems.From(new DomainError(ErrorKind.Unprocessable,
                    $"This {Header} was used with a different request; use a new key for a new request."));
            }

            return existing.ResponseBody is null
                ? Problems.From(DomainError.Conflict($"A request with this {Header} is still being processed; retry shortly."))
                : Replay(JsonSerializer.Deserialize<StoredAnswer>(existing.ResponseBody, Json)!);
        }

        Result<TResponse> result;
        try
        {
            result = await operation();
        }
        catch
        {
            await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Scope == scope && r.Key == key).ExecuteDeleteAsync(CancellationToken.None);
            throw;
        }

        var answer = result.IsSuccess
            ? new StoredAnswer(successStatus, JsonSerializer.SerializeToElement(result.Value, Json), null)
            : new StoredAnswer(0, null, result.Error);
        await db.IdempotencyKeys.Where(r => r.UserId == userId && r.Scope == scope && r.Key == key)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ResponseStatus, answer.Status)
                .SetProperty(r => r.ResponseBody, JsonSerializer.Serialize(answer, Json))
                .SetProperty(r => r.CompletedAt, clock.GetUtcNow()), CancellationToken.None);
        return Replay(answer);
    }

    /// <summary>Forgets keys older than the retention (run by the maintenance job).</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var expired = clock.GetUtcNow().AddHours(-options.Value.IdempotencyKeyHours);
        return await db.IdempotencyKeys.Where(r => r.CreatedAt < expired).ExecuteDeleteAsync(ct);
    }

    public static DomainError? CheckKey(string? key) => key switch
    {
        null or "" => DomainError.Invalid(Header, $"Send an {Header} header (a unique string per request, e.g. a UUID)."),
        { Length: > MaxKeyLength } => DomainError.Invalid(Header, $"The {Header} is at most {MaxKeyLength} characters."),
        _ when key.Any(char.IsControl) => DomainError.Invalid(Header, $"The {Header} must not contain control characters."),
        _ => null,
    };

    private static IResult Replay(StoredAnswer answer) =>
        answer.Error is { } error ? Problems.From(error) : TypedResults.Json(answer.Value, statusCode: answer.Status);
}
