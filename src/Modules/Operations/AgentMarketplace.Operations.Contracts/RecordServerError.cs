using Mediator;

namespace AgentMarketplace.Operations.Contracts;

/// <summary>
/// A request ended in a 5xx. <paramref name="Message"/> must already be safe to store: no secrets,
/// tokens or request bodies (the host sends the exception's type, never its message).
/// </summary>
public sealed record RecordServerError(
    string Module, string Route, int Status, string TraceId, string Message, DateTimeOffset At) : ICommand;
