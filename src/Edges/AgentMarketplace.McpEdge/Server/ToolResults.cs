using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Deployment.Contracts;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// A gateway answer as a `tools/call` result. Success: `structuredContent` and the same JSON as text, with the
/// call's usage in `_meta`. A refusal (quota, budget, bad input, the agent's failure) is a result with
/// `isError: true` whose text names the reason and the HTTP status `…/invoke` would have answered, with both
/// (and when to retry) in `_meta`, so that a model can read it and a program can act on it.
/// </summary>
internal static class ToolResults
{
    public static CallToolResult Success(CallerTool tool, DeploymentInvocation invocation, string metaNamespace)
    {
        var structured = ToolSchemas.StructuredFrom(invocation.Output, tool.OutputWrapped);
        var usage = new JsonObject { ["units"] = invocation.Units };
        if (invocation.ClaimedUnits is { } claimed)
        {
            usage["claimedUnits"] = claimed;
        }

        return new CallToolResult
        {
            StructuredContent = JsonSerializer.SerializeToElement(structured),
            Content = [new TextContentBlock { Text = structured.ToJsonString() }],
            Meta = new JsonObject
            {
                [$"{metaNamespace}/invocation"] = new JsonObject
                {
                    ["deploymentId"] = tool.DeploymentId,
                    ["capability"] = tool.Capability,
                    ["usage"] = usage,
                    ["latencyMs"] = invocation.LatencyMs,
                },
            },
        };
    }

    public static CallToolResult Refused(CallerTool tool, DomainError error, string metaNamespace)
    {
        var (status, reason) = Describe(error.Kind);
        var text = $"{reason} (HTTP {status}): {error.Detail}";
        var details = new JsonObject
        {
            ["deploymentId"] = tool.DeploymentId,
            ["capability"] = tool.Capability,
            ["status"] = status,
            ["reason"] = reason,
            ["detail"] = error.Detail,
        };
        if (error.Field is { } field)
        {
            details["field"] = field;
        }

        if (error.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            details["retryAfterSeconds"] = seconds;
            text += string.Create(CultureInfo.InvariantCulture, $" Retry after {seconds} s.");
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = text }],
            Meta = new JsonObject { [$"{metaNamespace}/error"] = details },
        };
    }

    /// <summary>The status `POST …/invoke` answers for the refusal, and the reason in a few words.</summary>
    private static (int Status, string Reason) Describe(ErrorKind kind) => kind switch
    {
        ErrorKind.Invalid => (400, "Invalid input"),
        ErrorKind.NotFound => (404, "Deployment not found or stopped"),
        ErrorKind.PaymentRequired => (402, "Spend limit reached"),
        ErrorKind.TooManyRequests => (429, "Quota exceeded"),
        ErrorKind.BadGateway => (502, "Agent failure"),
        ErrorKind.GatewayTimeout => (504, "Agent timeout"),
        ErrorKind.ServiceUnavailable => (503, "Agent unavailable (circuit open)"),
        ErrorKind.Conflict => (409, "Conflict"),
        ErrorKind.Forbidden => (403, "Forbidden"),
        ErrorKind.Unprocessable => (422, "Unprocessable"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown error kind."),
    };
}
