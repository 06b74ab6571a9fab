using AgentMarketplace.BuildingBlocks.Persistence;
using Npgsql;

namespace AgentMarketplace.Deployment.Persistence;

/// <summary>
/// One group committer's markers, which tell whether a batch whose answer was lost committed. Each batch
/// inserts a marker of its own, first, and deletes its committer's previous one (so the table holds about
/// one row per committer). When the connection is lost with a batch on its way or its answer on the way
/// back, <see cref="ResolveAsync"/> inserts the same marker on a new connection once PostgreSQL answers:
/// the insert finds it there (the batch committed) or puts it there first (the batch did not, and now
/// never can: its own insert of the marker would conflict). If the server is still running the batch, the
/// insert waits for it to end. Markers left behind (a fenced batch's, a stopped instance's last) go with
/// the invocation cleanup after a day.
/// </summary>
internal sealed class CommitMarkers
{
    private Guid? _lastCommitted;

    /// <summary>Adds the next batch's marker to <paramref name="writes"/> (call it first); returns the marker.</summary>
    public Guid AddTo(WriteBatch writes)
    {
        var marker = Guid.CreateVersion7();
        writes.Add("INSERT INTO deployment.commit_markers (id, created_at) VALUES (@id, now())", [new NpgsqlParameter("id", marker)]);
        if (_lastCommitted is { } previous)
        {
            writes.Add("DELETE FROM deployment.commit_markers WHERE id = @previous", [new NpgsqlParameter("previous", previous)]);
        }

        return marker;
    }

    /// <summary>The batch of <paramref name="marker"/> committed: its marker is the one the next batch deletes.</summary>
    public void Committed(Guid marker) => _lastCommitted = marker;

    /// <summary>Whether the batch of <paramref name="marker"/> committed; if it did not, it never will.</summary>
    public static async Task<bool> ResolveAsync(NpgsqlConnection connection, Guid marker, CancellationToken ct)
    {
        await using var fence = new NpgsqlCommand(
            "INSERT INTO deployment.commit_markers (id, created_at) VALUES (@id, now()) ON CONFLICT (id) DO NOTHING", connection);
        fence.Parameters.Add(new NpgsqlParameter("id", marker));
        return await fence.ExecuteNonQueryAsync(ct) == 0;
    }
}
