using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>A published example call; <see cref="ExpectedOutput"/> only where the exact answer is worth pinning.</summary>
internal sealed record SkillExample(
    JsonObject Input,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonObject? ExpectedOutput = null);
