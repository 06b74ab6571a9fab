using System.Text.Json;
using FluentValidation;

namespace AgentMarketplace.BuildingBlocks.Validation;

public static class ValidationConventions
{
    /// <summary>
    /// Field names in `errors` and in messages are the JSON names a client sent (`displayName`),
    /// not the C# property names; and a field reports its first broken rule, not every rule after it.
    /// </summary>
    public static void Apply()
    {
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
    }
}
