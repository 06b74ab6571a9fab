using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Operations.Persistence;

internal static class JobRunStatements
{
    /// <summary>
    /// Claims this run of <paramref name="job"/> if its last one started at or before <paramref name="due"/>:
    /// of the instances that try at once, exactly one sees true.
    /// </summary>
    public static async Task<bool> TryClaimAsync(OperationsDbContext db, string job, DateTimeOffset now, DateTimeOffset due, CancellationToken ct)
    {
        NpgsqlParameter[] parameters = [new("job", job), new("now", now), new("due", due)];
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO operations.job_runs (job, last_started_at, runs) VALUES (@job, '-infinity', 0) ON CONFLICT (job) DO NOTHING",
            parameters.Select(p => p.Clone()).ToArray(), ct);
        var claimed = await db.Database.ExecuteSqlRawAsync(
            "UPDATE operations.job_runs SET last_started_at = @now, runs = runs + 1 WHERE job = @job AND last_started_at <= @due",
            parameters, ct);
        return claimed == 1;
    }
}
