using System.Text;
using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.Registry.Agents;

namespace AgentMarketplace.Registry.A2A;

/// <summary>
/// Maps an Agent Card to the agent and first version it describes: one capability per skill, named
/// by the skill id (which is what `message/send` and `SendMessage` carry). A 1.0 card is called at its
/// first JSON-RPC interface, in that interface's A2A version; a 0.3 card at its `url`, in 0.3. A2A skills declare no JSON Schemas, so
/// inputs and outputs are declared as JSON objects, and each natural-language example becomes an
/// example input `{"text": …}` — the shape a data part with text takes.
/// </summary>
internal static class AgentCardImport
{
    private static readonly JsonObject AnyObject = new() { ["type"] = "object" };

    private static readonly JsonObject TextInput = new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string" } },
        ["required"] = new JsonArray("text"),
    };

    public static CreateAgentRequest Agent(AgentCard card, string? slug, IReadOnlyList<string>? categories) => new(
        slug ?? Slugify(card.Name!),
        card.Name!.Trim(),
        card.Description!.Trim(),
        categories is { Count: > 0 } ? categories.ToList() : ["other"],
        card.Skills!.SelectMany(s => s.Tags ?? []).OfType<string>().Select(Slugify).Where(t => AgentRules.Tag().IsMatch(t))
            .Distinct().Take(AgentRules.MaxTags).ToList());

    public static PublishVersionRequest Version(AgentCard card) => new(
        card.Version!.Trim(),
        (card.JsonRpcInterface?.Url ?? card.Url ?? "").Trim(),
        AgentProtocols.A2A,
        $"Imported from the A2A agent card{(card.Provider?.Organization is { } org ? $" of {org}" : "")}.",
        card.Skills!.Select(skill => new CapabilityRequest(
            skill.Id!,
            $"{skill.Name}: {skill.Description}",
            AcceptsText(skill, card) ? TextInput.DeepClone() : AnyObject.DeepClone(),
            AnyObject.DeepClone(),
            (skill.Examples ?? []).OfType<string>().Take(AgentRules.MaxExamples)
                .Select(example => new ExampleRequest(new JsonObject { ["text"] = example }, null)).ToList())).ToList(),
        card.IsV10Card ? AgentProtocols.SupportedA2AVersion(card.JsonRpcInterface?.ProtocolVersion) : AgentProtocols.A2AV03);

    private static bool AcceptsText(AgentSkill skill, AgentCard card)
    {
        var modes = skill.InputModes ?? card.DefaultInputModes ?? ["text/plain"];
        return modes.OfType<string>().Any(m => m.StartsWith("text/", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"Currency Agent (beta)" → "currency-agent-beta".</summary>
    public static string Slugify(string text)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        return result.Length > 64 ? result[..64].TrimEnd('-') : result;
    }
}
