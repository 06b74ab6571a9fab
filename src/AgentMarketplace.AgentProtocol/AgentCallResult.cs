using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>Why an agent call produced no usable output.</summary>
public enum AgentCallFailure
{
    None,
    /// <summary>No answer within the timeout.</summary>
    Timeout,
    /// <summary>Connection refused, reset, or the address was refused by the SSRF guard.</summary>
    Unreachable,
    /// <summary>The agent answered with a non-success HTTP status.</summary>
    ErrorStatus,
    /// <summary>The answer was not the protocol's JSON (or a JSON-RPC error).</summary>
    InvalidResponse,
    /// <summary>The answer was larger than the platform reads.</summary>
    TooLarge,
}

public sealed record AgentCallResult(
    AgentCallFailure Failure,
    JsonNode? Output,
    long? Units,
    int? StatusCode,
    string? Error,
    TimeSpan Latency)
{
    public bool Succeeded => Failure == AgentCallFailure.None;

    public static AgentCallResult Failed(AgentCallFailure failure, string error, TimeSpan latency, int? status = null) =>
        new(failure, null, null, status, error, latency);
}
