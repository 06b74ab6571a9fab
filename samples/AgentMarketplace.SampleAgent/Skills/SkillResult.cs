using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>A skill's output and the usage units it bills, or why the call was refused.</summary>
internal sealed record SkillResult(JsonObject? Output, int Units, string? Error)
{
    [MemberNotNullWhen(true, nameof(Output))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Output is not null;

    public static SkillResult Success(JsonObject output, int units) => new(output, units, null);

    public static SkillResult Rejection(string error) => new(null, 0, error);
}
