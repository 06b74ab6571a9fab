namespace AgentMarketplace.Deployment.Persistence;

/// <summary>
/// A group commit's proof of having committed, written in the same transaction as its records: whether a
/// batch whose answer was lost committed is read from here (see <see cref="CommitMarkers"/>).
/// </summary>
internal sealed class CommitMarker
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
