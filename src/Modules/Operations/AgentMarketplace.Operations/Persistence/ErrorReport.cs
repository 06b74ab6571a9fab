using AgentMarketplace.BuildingBlocks.Paging;

namespace AgentMarketplace.Operations.Persistence;

/// <summary>One 5xx or agent failure, as admins see it: where, when, which status, the trace id, a safe message.</summary>
internal sealed class ErrorReport : IKeysetRow
{
    public Guid Id { get; init; }
    /// <summary>The module whose route failed, or Deployment for an agent's failure.</summary>
    public required string Module { get; init; }
    /// <summary>The route pattern (never the concrete path with its ids), or the agent call's capability.</summary>
    public required string Route { get; init; }
    public Guid? DeploymentId { get; init; }
    public Guid? AgentId { get; init; }
    public int Status { get; init; }
    public required string TraceId { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
