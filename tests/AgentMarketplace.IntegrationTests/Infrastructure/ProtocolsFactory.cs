using System.Globalization;
using System.Text.Json.Nodes;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>Short timeouts and small answer caps, so that hanging and oversized agents fail fast in the protocol tests.</summary>
public sealed class ProtocolsFactory : MarketplaceApiFactory
{
    public const int MaxResponseBytes = 64 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Registry:VerificationTimeoutSeconds"] = "2",
        ["Registry:MaxResponseBytes"] = MaxResponseBytes.ToString(CultureInfo.InvariantCulture),
        ["Deployment:InvokeTimeoutSeconds"] = "2",
        ["Deployment:HealthCheckTimeoutSeconds"] = "2",
        ["Deployment:MaxResponseBytes"] = MaxResponseBytes.ToString(CultureInfo.InvariantCulture),
        ["Deployment:CircuitMinimumThroughput"] = "4",
        ["Deployment:CircuitBreakSeconds"] = "60",
    };
}

/// <summary>Version bodies for the protocols beyond http-json.</summary>
public static class ProtocolVersions
{
    /// <summary>An `mcp` version; its capabilities come from the server's tools unless <paramref name="capabilities"/> names some.</summary>
    public static JsonObject Mcp(string version, string endpointUrl, JsonArray? capabilities = null)
    {
        var body = new JsonObject { ["version"] = version, ["endpointUrl"] = endpointUrl, ["protocol"] = "mcp", ["changelog"] = "MCP release." };
        if (capabilities is not null)
        {
            body["capabilities"] = capabilities;
        }

        return body;
    }

    /// <summary>An `a2a` version of one `echo` capability in the given A2A version.</summary>
    public static JsonObject A2A(string version, string endpointUrl, string? protocolVersion)
    {
        var body = TestAgents.EchoVersion(version, endpointUrl, "a2a");
        body["protocolVersion"] = protocolVersion;
        return body;
    }
}
