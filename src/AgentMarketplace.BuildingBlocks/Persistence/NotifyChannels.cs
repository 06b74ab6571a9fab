using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>PostgreSQL's LISTEN/NOTIFY, as cache invalidation uses it.</summary>
internal static class NotifyChannels
{
    /// <summary>Sends <paramref name="payload"/> on <paramref name="channel"/>, when the context's transaction (if any) commits.</summary>
    public static Task NotifyAsync(DbContext db, string channel, string payload, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_notify({0}, {1})", [channel, payload], ct);

    /// <summary>
    /// Subscribes the connection to <paramref name="channel"/>. LISTEN takes an identifier, which no
    /// parameter can carry: callers pass a constant, never input.
    /// </summary>
    public static async Task ListenAsync(NpgsqlConnection connection, string channel, CancellationToken ct)
    {
        await using var listen = new NpgsqlCommand($"LISTEN {channel}", connection);
        await listen.ExecuteNonQueryAsync(ct);
    }
}
