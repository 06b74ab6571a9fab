using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>What every adapter does with an agent's answer: read it capped, parse it without trusting it.</summary>
internal static class AgentAnswers
{
    /// <summary>`usage.units` is optional; when present it must be a non-negative integer.</summary>
    public static string? UsageUnits(JsonNode? usage, out long? units)
    {
        units = null;
        if (usage is not JsonObject usageObject || !usageObject.TryGetPropertyValue("units", out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue number && number.TryGetValue<long>(out var whole) && whole >= 0)
        {
            units = whole;
            return null;
        }

        return "The agent's `usage.units` is not a non-negative integer.";
    }

    public static bool TryParseObject(string body, out JsonObject result)
    {
        result = null!;
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                result = obj;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is larger.</summary>
    public static async Task<string?> ReadCappedAsync(HttpContent content, long max, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A short, single-line excerpt: enough to diagnose, too little to leak a whole body.</summary>
    public static string Snippet(string body)
    {
        var flat = new string(body.Take(200).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return body.Length > 200 ? flat + "…" : flat;
    }
}

/// <summary>What an answer said: an output and its units, or why it is no output (by default: it broke the protocol).</summary>
internal sealed record ParsedAnswer(JsonNode? Output, long? Units, string? Error, AgentCallFailure Failure = AgentCallFailure.InvalidResponse)
{
    public static ParsedAnswer Invalid(string error) => new(null, null, error);

    /// <summary>The agent kept to its protocol and said the call failed.</summary>
    public static ParsedAnswer Reported(string error) => new(null, null, error, AgentCallFailure.AgentReportedError);
}
