using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.Cli;

/// <summary>What a file given to `publish` is.</summary>
internal enum DocumentKind
{
    /// <summary>A version body (http-json, a2a or mcp): `capabilities`, `protocol`, `endpointUrl`.</summary>
    Registration,

    /// <summary>An MCP Registry server.json: `remotes`.</summary>
    ServerJson,

    /// <summary>An A2A Agent Card: `skills`.</summary>
    AgentCard,
}

/// <summary>JSON the user hands the CLI, read with errors that name the file and the line.</summary>
internal static class InputFiles
{
    public static JsonObject ReadObject(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"{path}: no such file.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot be read ({e.Message}).");
        }

        return ParseObject(text, path);
    }

    /// <summary>JSON text (a file's, or an option's) as an object; <paramref name="source"/> names it in errors.</summary>
    public static JsonObject ParseObject(string text, string source)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                ?? throw new CliException($"{source}: expected a JSON object.");
        }
        catch (JsonException e)
        {
            // LineNumber and BytePositionInLine count from 0.
            var where = e.LineNumber is { } line ? $":{line + 1}:{(e.BytePositionInLine ?? 0) + 1}" : "";
            throw new CliException($"{source}{where}: not valid JSON ({FirstSentence(e.Message)}).");
        }
    }

    public static DocumentKind KindOf(JsonObject document, string path) =>
        document.ContainsKey("remotes") ? DocumentKind.ServerJson
        : document.ContainsKey("skills") ? DocumentKind.AgentCard
        : document.ContainsKey("capabilities") || document.ContainsKey("protocol") || document.ContainsKey("endpointUrl") ? DocumentKind.Registration
        : throw new CliException($"{path}: not a registration.json (capabilities), server.json (remotes) or agent card (skills).");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).TrimEnd('.');
    }
}
