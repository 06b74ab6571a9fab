using System.Reflection;

namespace AgentMarketplace.BuildingBlocks.Validation;

/// <summary>
/// Names the list a string property's value must come from, for the OpenAPI document's `enum`:
/// <paramref name="values"/> is a type whose static list of strings (<paramref name="list"/>, `All` unless
/// named) the validator checks too, so the document follows the code when a value is added. On a
/// collection, it applies to each item.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute(Type values, string list = "All") : Attribute
{
    public Type Values { get; } = values;

    public string List { get; } = list;

    public IReadOnlyList<string> AllowedValues =>
        Values.GetField(List, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null) as IReadOnlyList<string>
        ?? throw new InvalidOperationException($"{Values.FullName} has no static list of strings named {List}.");
}
