using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Http;

/// <summary>A request body read as JSON; <see cref="IsWellFormed"/> is false when it does not parse.</summary>
internal sealed record JsonBody(bool IsWellFormed, JsonNode? Value)
{
    // Duplicate keys are refused while parsing: left to JsonObject they would surface later as an exception, a 500.
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            return new JsonBody(true, await JsonNode.ParseAsync(request.Body, documentOptions: Strict, cancellationToken: ct));
        }
        catch (JsonException)
        {
            return new JsonBody(false, null);
        }
    }
}
