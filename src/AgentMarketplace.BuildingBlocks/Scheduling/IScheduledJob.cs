namespace AgentMarketplace.BuildingBlocks.Scheduling;

/// <summary>
/// Work a module wants done every <see cref="Interval"/>. The platform's one scheduler runs it on one
/// instance per interval, however many instances share the database; register it as a singleton
/// `IScheduledJob`.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Unique across the platform, e.g. `billing.close-periods`.</summary>
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken ct);
}
