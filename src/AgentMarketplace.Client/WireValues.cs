using System.Reflection;
using System.Runtime.Serialization;

namespace AgentMarketplace.Client;

/// <summary>The API's spelling of a generated enum's value (`per_call` for <c>PricingPlan_model.Per_call</c>).</summary>
public static class WireValues
{
    public static string ToWire<TEnum>(this TEnum value) where TEnum : struct, Enum =>
        typeof(TEnum).GetField(value.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();

    /// <summary>The value as the API spells it, or "" for none.</summary>
    public static string ToWire<TEnum>(this TEnum? value) where TEnum : struct, Enum => value is { } v ? v.ToWire() : "";
}
