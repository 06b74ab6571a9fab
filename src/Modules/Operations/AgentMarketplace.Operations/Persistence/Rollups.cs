namespace AgentMarketplace.Operations.Persistence;

/// <summary>The platform's day (UTC): counters moved by notifications as things happen, never recounted.</summary>
internal sealed class DailyTotals
{
    public DateOnly Day { get; init; }
    public long NewUsers { get; set; }
    public long Invocations { get; set; }
    public long Errors { get; set; }
    public long GrossCents { get; set; }
    public long PlatformFeeCents { get; set; }
    public long NetCents { get; set; }
}

/// <summary>One agent's day.</summary>
internal sealed class DailyAgentTotals
{
    public DateOnly Day { get; init; }
    public Guid AgentId { get; init; }
    public long Invocations { get; set; }
    public long Errors { get; set; }
    public long GrossCents { get; set; }
    public long PlatformFeeCents { get; set; }
    public long NetCents { get; set; }
}

/// <summary>
/// The days of a month on which a user called an agent, as bits (bit 0 = the 1st): active users over
/// any range read one row per user and month instead of one per user and day.
/// </summary>
internal sealed class MonthlyActiveUser
{
    public DateOnly Month { get; init; }
    public Guid UserId { get; init; }
    public int Days { get; set; }
}

/// <summary>Whose agent it is, from the Registry's catalog notifications and paid invoices.</summary>
internal sealed class AgentOwner
{
    public Guid AgentId { get; init; }
    public Guid PublisherId { get; set; }
}

/// <summary>When each scheduled job last started, and how often it has run: the scheduler's claims.</summary>
internal sealed class JobRun
{
    public required string Job { get; init; }
    public DateTimeOffset LastStartedAt { get; set; }
    public long Runs { get; set; }
}
