using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;

namespace AgentMarketplace.BuildingBlocks.Validation;

/// <summary>
/// JSON that PostgreSQL and System.Text.Json can keep: no NUL characters (text and jsonb refuse
/// them), no lone UTF-16 surrogates (not writable as UTF-8), no numbers beyond a double's range.
/// </summary>
public static class StorableJson
{
    public const int MaxDepth = 32;

    /// <summary>Why the value cannot be stored, or null.</summary>
    public static string? Problem(JsonNode? node)
    {
        try
        {
            return Walk(node, 0);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to materialise an escaped lone surrogate as a string.
            return "contains text that is not valid Unicode.";
        }
    }

    private static string? Walk(JsonNode? node, int depth)
    {
        if (depth > MaxDepth)
        {
            return $"nests deeper than {MaxDepth} levels.";
        }

        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if ((TextProblem(key) ?? Walk(value, depth + 1)) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;
            case JsonArray array:
                return array.Select(item => Walk(item, depth + 1)).FirstOrDefault(p => p is not null);
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => TextProblem(node.GetValue<string>()),
                    JsonValueKind.Number when !IsFiniteDouble(node.ToJsonString()) => "has a number out of range.",
                    _ => null,
                };
        }
    }

    private static bool IsFiniteDouble(string number) =>
        double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value);

    /// <summary>Why a string cannot be stored in PostgreSQL text, or null.</summary>
    public static string? TextProblem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "contains a NUL character.";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "contains an unpaired UTF-16 surrogate.";
            }
        }

        return null;
    }

    public static IRuleBuilderOptions<T, JsonNode?> Storable<T>(this IRuleBuilder<T, JsonNode?> rule) =>
        rule.Must(node => Problem(node) is null).WithMessage((_, node) => $"'{{PropertyName}}' {Problem(node)}");
}
