using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>A new account exists; raised after commit.</summary>
public sealed record UserRegistered(Guid UserId, DateTimeOffset At) : INotification;
