using System.Threading.RateLimiting;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Authentication;

internal abstract record LoginOutcome
{
    public sealed record Succeeded(AccessToken Token) : LoginOutcome;
    public sealed record Failed : LoginOutcome;
    public sealed record Throttled(TimeSpan RetryAfter) : LoginOutcome;
}

/// <summary>
/// Password login. Unknown email, wrong password and locked account all fail the same way and do
/// the same hashing work, so neither the answer nor its timing tells which it was.
/// </summary>
internal sealed class LoginService(
    UsersDbContext db,
    IPasswordHasher<User> hasher,
    AccessTokenIssuer tokens,
    LoginAttemptLimiter limiter,
    IOptions<LoginProtectionOptions> options,
    TimeProvider clock)
{
    public async Task<LoginOutcome> LoginAsync(string email, string password, CancellationToken ct)
    {
        var normalizedEmail = EmailAddress.Normalize(email);
        using var lease = limiter.AcquirePerAccount(normalizedEmail);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
            return new LoginOutcome.Throttled(retryAfter);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, ct);
        if (user is null)
        {
            // The same work as a wrong password: one hash check and one (here empty) counter update.
            hasher.VerifyHashedPassword(TimingDecoy.User, TimingDecoy.Hash(hasher), password);
            await RecordFailureAsync(Guid.Empty, clock.GetUtcNow(), ct);
            return new LoginOutcome.Failed();
        }

        var verification = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        var now = clock.GetUtcNow();
        if (user.LockedUntil > now)
        {
            return new LoginOutcome.Failed();
        }

        if (verification == PasswordVerificationResult.Failed)
        {
            await RecordFailureAsync(user.Id, now, ct);
            return new LoginOutcome.Failed();
        }

        await RecordSuccessAsync(user, password, verification, ct);
        return new LoginOutcome.Succeeded(tokens.Issue(user.Id, user.Email));
    }

    /// <summary>One atomic statement, so concurrent wrong guesses are all counted.</summary>
    private Task RecordFailureAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        var max = options.Value.MaxFailedAttempts;
        var lockedUntil = now.AddMinutes(options.Value.LockoutMinutes);
        return db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.LockedUntil, u => u.FailedLoginCount + 1 >= max ? lockedUntil : u.LockedUntil)
            .SetProperty(u => u.FailedLoginCount, u => u.FailedLoginCount + 1 >= max ? 0 : u.FailedLoginCount + 1), ct);
    }

    private async Task RecordSuccessAsync(User user, string password, PasswordVerificationResult verification, CancellationToken ct)
    {
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var rehashed = hasher.HashPassword(user, password);
            await db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.PasswordHash, rehashed), ct);
        }

        if (user.FailedLoginCount > 0 || user.LockedUntil is not null)
        {
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(set => set
                .SetProperty(u => u.FailedLoginCount, 0)
                .SetProperty(u => u.LockedUntil, (DateTimeOffset?)null), ct);
        }
    }

    /// <summary>A fixed hash to verify against when the email is unknown: same cost, no answer.</summary>
    private static class TimingDecoy
    {
        public static readonly User User = new()
        {
            Email = "decoy@invalid",
            NormalizedEmail = "decoy@invalid",
            DisplayName = "decoy",
            PasswordHash = "",
            Plan = "",
        };

        private static string? _hash;

        public static string Hash(IPasswordHasher<User> hasher) =>
            _hash ??= hasher.HashPassword(User, Guid.NewGuid().ToString());
    }
}

/// <summary>Per-account login attempts (per address is the host-level "login" rate-limit policy).</summary>
internal sealed class LoginAttemptLimiter(IOptions<LoginProtectionOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAccount = PartitionedRateLimiter.Create<string, string>(
        account => RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.PerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public RateLimitLease AcquirePerAccount(string normalizedEmail) => _perAccount.AttemptAcquire(normalizedEmail);

    public void Dispose() => _perAccount.Dispose();
}
