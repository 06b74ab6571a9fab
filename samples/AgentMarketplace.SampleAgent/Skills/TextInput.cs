using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>
/// The input every skill takes: an object with a string <c>text</c> and no property its schema
/// does not name (the schemas say <c>additionalProperties: false</c>, so the agent holds to it).
/// </summary>
internal sealed record TextInput(JsonObject Fields, string Text)
{
    /// <summary>Billed per input word, and never zero so that every call counts.</summary>
    public int Units => Math.Max(1, WordCounter.CountWords(Text));

    public static bool TryRead(
        JsonNode? input,
        IReadOnlyCollection<string> allowedProperties,
        [NotNullWhen(true)] out TextInput? parsed,
        [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (input is not JsonObject fields)
        {
            error = "`input` must be a JSON object.";
            return false;
        }

        if (fields.Select(field => field.Key).FirstOrDefault(key => !allowedProperties.Contains(key)) is { } unexpected)
        {
            error = $"`input.{unexpected}` is not a property this capability accepts.";
            return false;
        }

        if (fields["text"].StringValue() is not { } text)
        {
            error = "`input.text` is required and must be a string.";
            return false;
        }

        parsed = new TextInput(fields, text);
        error = null;
        return true;
    }
}
