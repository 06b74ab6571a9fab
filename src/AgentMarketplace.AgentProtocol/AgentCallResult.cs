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
    /// <summary>Not called: the agent failed too often lately and its circuit is open.</summary>
    CircuitOpen,
    /// <summary>The agent answered by its protocol that the call failed (an MCP `isError` result, a failed A2A task).</summary>
    AgentReportedError,
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

    /// <summary>
    /// What went wrong without anything the agent sent back (which may echo inputs or secrets):
    /// fit for storing and for showing to admins.
    /// </summary>
    public string? SafeSummary => Failure switch
    {
        AgentCallFailure.None => null,
        AgentCallFailure.Timeout => $"The agent did not answer within {Latency.TotalSeconds:0.#} s.",
        AgentCallFailure.Unreachable => "The agent could not be reached.",
        AgentCallFailure.ErrorStatus => $"The agent answered HTTP {StatusCode}.",
        AgentCallFailure.TooLarge => "The agent's answer was larger than the platform reads.",
        AgentCallFailure.CircuitOpen => "The agent failed repeatedly; calls are paused for a while.",
        AgentCallFailure.AgentReportedError => "The agent reported that the call failed.",
        _ => "The agent's answer did not follow its protocol.",
    };

    public static AgentCallResult Failed(AgentCallFailure failure, string error, TimeSpan latency, int? status = null) =>
        new(failure, null, null, status, error, latency);
}
