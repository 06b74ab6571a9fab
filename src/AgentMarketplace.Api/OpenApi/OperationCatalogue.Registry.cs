namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private const string VersionBody = """
        {"version":"1.0.0","endpointUrl":"https://agents.example.com/text-tools","protocol":"http-json","changelog":"First release.",
         "capabilities":[{"name":"word-count","description":"Counts the words of a text.",
           "inputSchema":{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]},
           "outputSchema":{"type":"object","properties":{"words":{"type":"integer"}},"required":["words"]},
           "examples":[{"input":{"text":"one two three"},"expectedOutput":{"words":3}}]}]}
        """;

    private static Dictionary<string, OperationDoc> Registry() => new()
    {
        ["GetAgent"] = new("One agent by its id or its slug: metadata, owner, versions with their verification, the latest " +
            "version's capabilities (schemas and examples) and its listing, if any. Drafts (agents with no verified version) " +
            "are shown to their owner and admins only; to anyone else they are 404."),
        ["CreateAgent"] = new("Registers an agent under the caller (a publisher). The slug is unique across the platform (409 when taken). " +
            "The agent has no version yet: publish one with `POST /api/v1/agents/{id}/versions`.")
        {
            Errors = [409],
            Request = """{"slug":"text-tools","name":"Text Tools","description":"Summarize, count words and read sentiment.","categories":["summarization"],"tags":["text","nlp"]}""",
            Response = """{"id":"0f8fad5b-d9cb-469f-a165-70867728950e","slug":"text-tools","ownerId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","name":"Text Tools","description":"Summarize, count words and read sentiment.","categories":["summarization"],"tags":["text","nlp"],"createdAt":"2026-05-01T12:00:00Z","updatedAt":"2026-05-01T12:00:00Z"}""",
        },
        ["ListMyAgents"] = new("The agents the caller owns, newest first."),
        ["UpdateAgent"] = new("Changes an agent's metadata (fields left out stay); a new slug must be free (409).")
        {
            Errors = [409],
            Request = """{"description":"Summaries, word counts and sentiment for English text.","tags":["text","nlp","english"]}""",
        },
        ["PublishVersion"] = new("Publishes an immutable version: its endpoint, protocol (`http-json`, `a2a` or `mcp`) and capabilities " +
            "with JSON Schemas and examples. The same version number again is 409; bad SemVer, a schema beyond the platform's bounds " +
            "or an unreachable MCP server is 400 naming the field. For `mcp` the capabilities come from the server's `tools/list`. " +
            "The version can be deployed once verified (`…/verify`).")
        {
            Errors = [409],
            Request = VersionBody,
        },
        ["GetVersionChanges"] = new("What changed from the previous version (by SemVer) to this one, capability by capability: each " +
            "entry names the field path, what changed and whether it breaks callers (a removed capability, input that accepts less, " +
            "output that promises less). A change the platform cannot prove compatible counts as breaking. The first version has " +
            "no previous one. Public versions are visible to anyone; drafts to their owner and admins (404 otherwise)."),
        ["GetVersion"] = new("One version with its endpoint, capabilities and last verification (owner or admin)."),
        ["VerifyVersion"] = new("Calls the live agent with every capability's examples and records the outcome on the version: " +
            "`verified` when every example passes (output within the output schema, equal to `expectedOutput` where given), " +
            "`failed` otherwise, with a result per capability. One verification per version runs at a time (a concurrent one joins " +
            "it, or is 409 across instances); each publisher's verifications are rate-limited (429 with `Retry-After`).")
        {
            Errors = [409, 429],
            Response = """{"status":"verified","verifiedAt":"2026-05-01T12:00:00Z","results":[{"capability":"word-count","passed":true,"latencyMs":12,"error":null}]}""",
        },
        ["DeprecateVersion"] = new("Deprecates a version with a reason: it can no longer be newly deployed; live deployments keep running.")
        {
            Request = """{"reason":"Replaced by 1.1.0, which handles long texts."}""",
        },
        ["ImportA2AAgentCard"] = new("Creates an agent and its first version (`a2a`) from an A2A Agent Card (0.3 or 1.0): one capability " +
            "per skill. Pass `?slug=` and `?category=` for what the card does not say. A taken slug is 409.")
        {
            Errors = [409],
            Request = """{"protocolVersion":"1.0","name":"Text Tools","description":"Summarize text.","version":"1.0.0","supportedInterfaces":[{"url":"https://agents.example.com/a2a","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],"skills":[{"id":"summarize","name":"Summarize","description":"Summarizes a text.","tags":["text"]}]}""",
        },
        ["ImportMcpServerJson"] = new("Creates an agent and an `mcp` version from an MCP Registry `server.json`: its streamable-http remote " +
            "is called (`initialize`, `tools/list`) and each tool becomes a capability. No streamable-http remote, or a server that " +
            "does not answer as MCP, is 400; a taken slug is 409.")
        {
            Errors = [409],
            Request = """{"name":"io.example/text-tools","description":"Summarize, count words and read sentiment.","version":"1.0.0","remotes":[{"type":"streamable-http","url":"https://agents.example.com/mcp"}]}""",
        },
    };
}
