using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Faults;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Runs a capability for any protocol, honouring the broken-capability fault switch.</summary>
internal sealed class SkillInvoker(FaultSwitches faults)
{
    public SkillResult Invoke(string capability, JsonNode? input)
    {
        if (SkillCatalog.Find(capability) is not { } skill)
        {
            return SkillResult.Rejection($"Unknown capability '{capability}'. This agent offers: {string.Join(", ", SkillCatalog.Ids)}.");
        }

        var result = skill.Invoke(input);
        return result.Succeeded && faults.Current.IsBroken(skill.Id)
            ? SkillResult.Success(skill.BrokenOutput, result.Units)
            : result;
    }
}
