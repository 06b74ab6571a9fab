using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry.Verification;

/// <summary>
/// What a look at the live agent found: null <see cref="ByCapability"/> when it could not look (not an
/// mcp or a2a version, or the list or card could not be read); else the drift per capability (none: it matches).
/// </summary>
internal sealed record DriftFindings(IReadOnlyDictionary<string, string>? ByCapability)
{
    public static readonly DriftFindings NotChecked = new((IReadOnlyDictionary<string, string>?)null);

    public bool Checked => ByCapability is not null;

    public bool Drifted => ByCapability is { Count: > 0 };

    /// <summary>The findings in one line for the version (at most 1,000 characters).</summary>
    public string? Reason()
    {
        if (ByCapability is not { Count: > 0 } drifts)
        {
            return null;
        }

        var text = string.Join(" ", drifts.Values);
        return text.Length > 1000 ? text[..999] + "…" : text;
    }
}

/// <summary>
/// Notices drift: an agent that changed without a new version. For `mcp` it compares the server's live
/// `tools/list` with the registered capabilities (a tool gone, an inputSchema or outputSchema that is no
/// longer the registered one); for `a2a`, the skills of the card at the agent's origin. New tools or skills
/// are not drift. A server or card that cannot be read says nothing either way: the examples' calls show it.
/// </summary>
internal sealed class DriftDetector([FromKeyedServices(RegistryModule.AgentHttpClient)] AgentClient agents, IOptions<RegistryOptions> options)
{
    private static readonly JsonObject AnyOutput = new();

    public async Task<DriftFindings> CheckAsync(AgentVersion version, IReadOnlyList<CapabilityDefinition> capabilities, CancellationToken ct)
    {
        var settings = options.Value;
        var timeout = TimeSpan.FromSeconds(settings.VerificationTimeoutSeconds);
        switch (version.Protocol)
        {
            case AgentProtocols.Mcp:
                var listing = await agents.ListMcpToolsAsync(version.EndpointUrl, timeout, settings.MaxResponseBytes, ct);
                return listing.Tools is { } tools ? new DriftFindings(Tools(capabilities, tools)) : DriftFindings.NotChecked;
            case AgentProtocols.A2A:
                var card = await agents.ReadA2ACardSkillsAsync(version.EndpointUrl, timeout, settings.MaxResponseBytes, ct);
                return card.SkillIds is { } skills
                    ? new DriftFindings(capabilities.Where(c => !skills.Contains(c.Name))
                        .ToDictionary(c => c.Name, c => $"The agent card no longer lists the skill '{c.Name}'."))
                    : DriftFindings.NotChecked;
            default:
                return DriftFindings.NotChecked;
        }
    }

    private static Dictionary<string, string> Tools(IReadOnlyList<CapabilityDefinition> capabilities, IReadOnlyList<McpToolDefinition> tools)
    {
        var drifts = new Dictionary<string, string>();
        foreach (var capability in capabilities)
        {
            var tool = tools.FirstOrDefault(t => t.Name == capability.Name);
            if (tool is null)
            {
                drifts[capability.Name] = $"The server no longer lists the tool '{capability.Name}'.";
                continue;
            }

            var changed = new[]
            {
                Changed("inputSchema", capability.InputSchema, tool.InputSchema, SchemaRole.Input),
                Changed("outputSchema", capability.OutputSchema, tool.OutputSchema ?? AnyOutput, SchemaRole.Output),
            }.OfType<string>().ToList();
            if (changed.Count > 0)
            {
                drifts[capability.Name] = $"The tool '{capability.Name}' changed its {string.Join(" and its ", changed)} without a new version.";
            }
        }

        return drifts;
    }

    /// <summary>How the live schema differs from the registered one, with whether that breaks callers; null when it does not.</summary>
    private static string? Changed(string side, JsonNode registered, JsonNode live, SchemaRole role)
    {
        if (JsonNode.DeepEquals(registered, live))
        {
            return null;
        }

        var breaking = SchemaCompatibility.Compare(registered, live, role).FirstOrDefault(c => c.Breaking);
        return breaking is null ? $"{side} (compatibly)" : $"{side} (breaking: {(breaking.Path.Length == 0 ? "" : breaking.Path + ": ")}{breaking.Detail.TrimEnd('.')})";
    }
}
