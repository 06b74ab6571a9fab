using System.Data.Common;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Monitoring;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace AgentMarketplace.Deployment.Persistence;

/// <summary>The gateway's invocation records: written in the group commit's batch, read as windows of figures.</summary>
internal static class InvocationStatements
{
    /// <summary>One statement of arrays for the batch: EF's insert would track and parameterize every row.</summary>
    public static void AddInsert(WriteBatch writes, List<Invocation> records) =>
        writes.Add("""
            INSERT INTO deployment.invocations
                (deployment_id, capability, version, outcome, status, latency_ms, units, claimed_units, error, occurred_at)
            SELECT * FROM unnest(@deployments, @capabilities, @versions, @outcomes, @statuses, @latencies, @units, @claimed, @errors, @occurred)
            """,
            [
                SqlArrays.Parameter("deployments", records.ConvertAll(r => r.DeploymentId), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("capabilities", records.ConvertAll(r => r.Capability), NpgsqlDbType.Text),
                SqlArrays.Parameter("versions", records.ConvertAll(r => r.Version), NpgsqlDbType.Text),
                SqlArrays.Parameter("outcomes", records.ConvertAll(r => r.Outcome), NpgsqlDbType.Text),
                SqlArrays.Parameter("statuses", records.ConvertAll(r => r.Status), NpgsqlDbType.Integer),
                SqlArrays.Parameter("latencies", records.ConvertAll(r => r.LatencyMs), NpgsqlDbType.Integer),
                SqlArrays.Parameter("units", records.ConvertAll(r => r.Units), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("claimed", records.ConvertAll(r => r.ClaimedUnits), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("errors", records.ConvertAll(r => r.Error), NpgsqlDbType.Text),
                SqlArrays.Parameter("occurred", records.ConvertAll(r => r.OccurredAt), NpgsqlDbType.TimestampTz),
            ]);

    /// <summary>Calls to the deployment since <paramref name="since"/>.</summary>
    public static Task<WindowStats> DeploymentWindowAsync(DeploymentDbContext db, Guid deploymentId, DateTimeOffset since, CancellationToken ct) =>
        WindowAsync(db, "FROM deployment.invocations WHERE deployment_id = @scope AND occurred_at >= @since", deploymentId, since, ct);

    /// <summary>Calls to any deployment of the agent since <paramref name="since"/>.</summary>
    public static Task<WindowStats> AgentWindowAsync(DeploymentDbContext db, Guid agentId, DateTimeOffset since, CancellationToken ct) =>
        WindowAsync(db, """
            FROM deployment.invocations
            WHERE deployment_id IN (SELECT id FROM deployment.deployments WHERE agent_id = @scope) AND occurred_at >= @since
            """, agentId, since, ct);

    /// <summary>Calls to the deployment since <paramref name="since"/>, hour by hour (UTC hours; only those with calls).</summary>
    public static async Task<IReadOnlyList<HourlyLatency>> DeploymentHoursAsync(
        DeploymentDbContext db, Guid deploymentId, DateTimeOffset since, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, deploymentId, since, """
            SELECT date_bin('1 hour', occurred_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
                   count(*),
                   count(*) FILTER (WHERE outcome <> 'success'),
                   percentile_cont(0.50) WITHIN GROUP (ORDER BY latency_ms),
                   percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms)
              FROM deployment.invocations
             WHERE deployment_id = @scope AND occurred_at >= @since
             GROUP BY 1
             ORDER BY 1
            """, ct);
        var hours = new List<HourlyLatency>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            hours.Add(new HourlyLatency(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3), reader.GetDouble(4)));
        }

        return hours;
    }

    // fromWhere: the FROM and WHERE clauses choosing the calls, with parameters @scope and @since.
    private static async Task<WindowStats> WindowAsync(DeploymentDbContext db, string fromWhere, Guid scope, DateTimeOffset since, CancellationToken ct)
    {
        await using var command = await CommandAsync(db, scope, since, $"""
            SELECT count(*),
                   count(*) FILTER (WHERE outcome <> 'success'),
                   coalesce(percentile_cont(0.50) WITHIN GROUP (ORDER BY latency_ms), 0),
                   coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms), 0),
                   count(*) FILTER (WHERE claimed_units IS NOT NULL)
              {fromWhere}
            """, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var requests = reader.GetInt64(0);
        var errors = reader.GetInt64(1);
        return new WindowStats(requests, errors, requests == 0 ? 0 : Math.Round((double)errors / requests, 4),
            new LatencyPercentiles(reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)), reader.GetInt64(5));
    }

    /// <summary>A command on the context's connection (opened if need be) with the parameters @scope and @since.</summary>
    private static async Task<DbCommand> CommandAsync(DeploymentDbContext db, Guid scope, DateTimeOffset since, string sql, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in new (string, object)[] { ("scope", scope), ("since", since) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
