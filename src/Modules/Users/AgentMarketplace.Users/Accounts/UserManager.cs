using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Identity;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Accounts;

/// <summary>The Users module's facade: accounts, roles, publisher onboarding, preferences, quotas.</summary>
internal sealed class UserManager(
    UsersDbContext db,
    IPasswordHasher<User> hasher,
    TimeProvider clock,
    IOptions<QuotaOptions> quotaOptions,
    KnownUsers knownUsers,
    IMediator mediator)
{
    public async Task<Result<User>> RegisterAsync(string email, string password, string displayName, CancellationToken ct)
    {
        var normalizedEmail = EmailAddress.Normalize(email);
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalizedEmail, ct))
        {
            return EmailTaken();
        }

        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = email.Trim(),
            NormalizedEmail = normalizedEmail,
            DisplayName = displayName.Trim(),
            PasswordHash = "",
            Roles = [Roles.Consumer],
            Plan = quotaOptions.Value.DefaultPlan,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Two registrations raced past the check above; the unique index decided.
            return EmailTaken();
        }

        await mediator.Publish(new UserRegistered(user.Id, user.CreatedAt), ct);
        return user;
    }

    public Task<User?> FindAsync(Guid userId, CancellationToken ct) =>
        db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);

    public async Task<Result<UserPreferences>> SetPreferencesAsync(Guid userId, UserPreferences preferences, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return DomainError.NotFound("User");
        }

        user.Preferences = preferences;
        await db.SaveChangesAsync(ct);
        return user.Preferences;
    }

    public async Task<Result<User>> BecomePublisherAsync(Guid userId, string publisherName, string? payoutEmail, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return DomainError.NotFound("User");
        }

        var normalizedName = publisherName.Trim().ToLowerInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedPublisherName == normalizedName && u.Id != userId, ct))
        {
            return PublisherNameTaken();
        }

        user.PublisherName = publisherName.Trim();
        user.NormalizedPublisherName = normalizedName;
        user.PayoutEmail = payoutEmail?.Trim();
        if (!user.Roles.Contains(Roles.Publisher))
        {
            user.Roles = [.. user.Roles, Roles.Publisher];
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return PublisherNameTaken();
        }

        await knownUsers.UserChangedAsync(db, userId, ct);
        return user;
    }

    public async Task<Result<User>> SetRolesAsync(Guid actingAdminId, Guid userId, IReadOnlyCollection<string> roles, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return DomainError.NotFound("User");
        }

        if (userId == actingAdminId && !roles.Contains(Roles.Admin))
        {
            return DomainError.Conflict("An admin cannot remove their own admin role; ask another admin.");
        }

        // Every user is a consumer; the order is the platform's, not the request's.
        user.Roles = Roles.All.Where(r => r == Roles.Consumer || roles.Contains(r)).ToList();
        await db.SaveChangesAsync(ct);
        await knownUsers.UserChangedAsync(db, userId, ct);
        return user;
    }

    public async Task<Result<UserQuota>> SetQuotaAsync(
        Guid userId, string? plan, int? requestsPerMinute, long? callsPerMonth, long? monthlySpendLimitCents, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return DomainError.NotFound("User");
        }

        if (plan is not null)
        {
            if (!quotaOptions.Value.Plans.ContainsKey(plan))
            {
                return DomainError.Invalid("plan", $"Unknown plan '{plan}'. Known plans: {string.Join(", ", quotaOptions.Value.Plans.Keys)}.");
            }

            user.Plan = plan;
        }

        user.RequestsPerMinuteOverride = requestsPerMinute ?? user.RequestsPerMinuteOverride;
        user.CallsPerMonthOverride = callsPerMonth ?? user.CallsPerMonthOverride;
        user.MonthlySpendLimitCentsOverride = monthlySpendLimitCents ?? user.MonthlySpendLimitCentsOverride;
        await db.SaveChangesAsync(ct);
        await knownUsers.UserChangedAsync(db, userId, ct);
        return (await GetQuotaAsync(userId, ct))!;
    }

    public async Task<UserQuota?> GetQuotaAsync(Guid userId, CancellationToken ct)
    {
        var limits = await GetLimitsAsync(userId, ct);
        if (limits is null)
        {
            return null;
        }

        var month = CurrentMonth();
        var used = await db.QuotaUsage.AsNoTracking()
            .Where(q => q.UserId == userId && q.Month == month)
            .Select(q => new { q.Calls, q.SpendCents })
            .FirstOrDefaultAsync(ct);
        return limits with { CallsThisMonth = used?.Calls ?? 0, SpendThisMonthCents = used?.SpendCents ?? 0 };
    }

    /// <summary>The user's effective limits (plan defaults with overrides applied); usage left at 0.</summary>
    public async Task<UserQuota?> GetLimitsAsync(Guid userId, CancellationToken ct) =>
        (await knownUsers.FindAsync(db, userId, ct))?.Limits;

    public DateOnly CurrentMonth()
    {
        var now = clock.GetUtcNow();
        return new DateOnly(now.Year, now.Month, 1);
    }

    private static DomainError EmailTaken() => DomainError.Conflict("An account with this email already exists.");

    private static DomainError PublisherNameTaken() => DomainError.Conflict("This publisher name is taken.");
}
