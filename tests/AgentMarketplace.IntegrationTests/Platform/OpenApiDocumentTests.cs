using System.Text.Json;
using AgentMarketplace.Api.OpenApi;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// The live OpenAPI document as generators read it. docs/openapi.json is the same document written at
/// build time; `CommittedClientArtifactsTests` compares the two and runs Spectral on it.
/// </summary>
public sealed class OpenApiDocumentTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "patch", "delete"];

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = api.CreateClient();
        return JsonDocument.Parse(await client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => Methods.Contains(m.Name))
            .Select(m => (path.Name, m.Name, m.Value)));

    [Fact]
    public async Task Every_operation_has_an_entry_in_the_catalogue_and_every_entry_an_operation()
    {
        var operationIds = Operations(await DocumentAsync()).Select(o => o.Operation.GetProperty("operationId").GetString()!).ToList();

        Assert.Empty(operationIds.Except(OperationCatalogue.OperationIds));
        Assert.Empty(OperationCatalogue.OperationIds.Except(operationIds));
    }

    [Fact]
    public async Task Anonymous_routes_say_so_and_the_others_take_a_token_or_an_api_key()
    {
        var operations = Operations(await DocumentAsync()).ToDictionary(o => $"{o.Method.ToUpperInvariant()} {o.Path}", o => o.Operation);

        Assert.Equal(0, operations["GET /api/v1/marketplace/search"].GetProperty("security").GetArrayLength());
        Assert.Equal(0, operations["POST /api/v1/users/register"].GetProperty("security").GetArrayLength());
        var invoke = operations["POST /api/v1/deployments/{id}/invoke"].GetProperty("security");
        Assert.Equal(["Bearer", "ApiKey"], invoke.EnumerateArray().Select(r => r.EnumerateObject().Single().Name));
    }

    [Fact]
    public async Task The_live_document_names_the_origin_it_was_fetched_from_first()
    {
        var servers = (await DocumentAsync()).GetProperty("servers");

        Assert.Equal("http://localhost", servers[0].GetProperty("url").GetString());
        Assert.Contains(servers.EnumerateArray(), s => s.GetProperty("url").GetString() == SwaggerSetup.LocalServer);
    }

    [Fact]
    public async Task Errors_are_shared_problem_responses_and_free_form_json_is_an_open_schema()
    {
        var document = await DocumentAsync();
        var invoke = Operations(document).Single(o => o.Operation.GetProperty("operationId").GetString() == "InvokeDeployment").Operation;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.Equal("#/components/responses/Conflict", invoke.GetProperty("responses").GetProperty("409").GetProperty("$ref").GetString());
        Assert.True(document.GetProperty("components").GetProperty("responses").GetProperty("Conflict")
            .GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.False(schemas.GetProperty("InvokeRequest").GetProperty("properties").GetProperty("input").TryGetProperty("type", out _));
        Assert.False(schemas.TryGetProperty("JsonNode", out _));
        Assert.DoesNotContain(schemas.EnumerateObject(), s => s.Value.TryGetProperty("additionalProperties", out var a) && a.ValueKind == JsonValueKind.False);
    }
}
