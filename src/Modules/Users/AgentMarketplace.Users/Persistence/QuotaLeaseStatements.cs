using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Users.Persistence;

/// <summary>
/// The statements of a lease renewal and a shrink. A renewal runs them in one transaction, under the
/// lock of the user's month row (<see cref="LockMonthAsync"/>), so concurrent renewals by any number of
/// holders see each other's shares.
/// </summary>
internal static class QuotaLeaseStatements
{
    /// <summary>The user's month of use, created if it is new, locked until the transaction ends.</summary>
    public static async Task<QuotaUsage> LockMonthAsync(UsersDbContext db, Guid user, DateOnly month, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO users.quota_usage (user_id, month, calls, spend_cents) VALUES (@user, @month, 0, 0) ON CONFLICT DO NOTHING",
            [new NpgsqlParameter("user", user), new NpgsqlParameter("month", month)], ct);
        return await db.QuotaUsage
            .FromSqlRaw("SELECT * FROM users.quota_usage WHERE user_id = @user AND month = @month FOR UPDATE",
                new NpgsqlParameter("user", user), new NpgsqlParameter("month", month))
            .AsNoTracking().SingleAsync(ct);
    }

    /// <summary>The holder's share set to <paramref name="calls"/> and <paramref name="spend"/>; the user's leases expired an hour ago go.</summary>
    public static Task<int> SaveLeaseAsync(
        UsersDbContext db, Guid user, DateOnly month, Guid holder, long calls, long spend, DateTimeOffset expiresAt, DateTimeOffset now,
        CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            DELETE FROM users.quota_leases WHERE user_id = @user AND expires_at <= @expiredBefore;
            INSERT INTO users.quota_leases (user_id, month, holder, calls, spend_cents, expires_at)
            VALUES (@user, @month, @holder, @calls, @spend, @expiresAt)
            ON CONFLICT (user_id, month, holder) DO UPDATE
               SET calls = EXCLUDED.calls, spend_cents = EXCLUDED.spend_cents, expires_at = EXCLUDED.expires_at
            """,
            [
                new NpgsqlParameter("user", user), new NpgsqlParameter("expiredBefore", now.AddHours(-1)), new NpgsqlParameter("month", month),
                new NpgsqlParameter("holder", holder), new NpgsqlParameter("calls", calls), new NpgsqlParameter("spend", spend),
                new NpgsqlParameter("expiresAt", expiresAt),
            ], ct);

    /// <summary>Gives back part of the holder's share; a share left empty goes.</summary>
    public static Task<int> ShrinkAsync(UsersDbContext db, Guid user, DateOnly month, Guid holder, long calls, long spendCents, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            UPDATE users.quota_leases
               SET calls = greatest(0, calls - @calls), spend_cents = greatest(0, spend_cents - @spend)
             WHERE user_id = @user AND month = @month AND holder = @holder;
            DELETE FROM users.quota_leases WHERE user_id = @user AND month = @month AND holder = @holder AND calls = 0 AND spend_cents = 0;
            """,
            [
                new NpgsqlParameter("calls", calls), new NpgsqlParameter("spend", spendCents), new NpgsqlParameter("user", user),
                new NpgsqlParameter("month", month), new NpgsqlParameter("holder", holder),
            ], ct);
}
