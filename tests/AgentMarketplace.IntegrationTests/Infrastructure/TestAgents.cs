using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>Builds publishers, agents and versions through the public API.</summary>
public static class TestAgents
{
    public static string NewSlug(string prefix = "agent") => $"{prefix}-{Guid.NewGuid():N}"[..30];

    public static async Task<TestUser> PublisherAsync(this MarketplaceApiFactory api)
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        var response = await client.PostAsJsonAsync("/api/v1/users/me/publisher",
            new { publisherName = "Publisher " + Guid.NewGuid().ToString("N")[..8] });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return user;
    }

    public static object AgentBody(string? slug = null, string name = "Text Tools") => new
    {
        slug = slug ?? NewSlug(),
        name,
        description = "Deterministic text utilities: echo, word counts, sentiment and summaries.",
        categories = new[] { "summarization", "analytics" },
        tags = new[] { "text", "nlp" },
    };

    public static async Task<JsonElement> CreateAgentAsync(this HttpClient publisher, string? slug = null)
    {
        var response = await publisher.PostAsJsonAsync("/api/v1/agents", AgentBody(slug));
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    /// <summary>A one-capability version body whose schemas and example are valid.</summary>
    public static JsonObject EchoVersion(string version, string endpointUrl, string protocol = "http-json") => new()
    {
        ["version"] = version,
        ["endpointUrl"] = endpointUrl,
        ["protocol"] = protocol,
        ["changelog"] = "First release.",
        ["capabilities"] = new JsonArray(new JsonObject
        {
            ["name"] = "echo",
            ["description"] = "Returns the text it is given.",
            ["inputSchema"] = TextSchema(),
            ["outputSchema"] = TextSchema(),
            ["examples"] = new JsonArray(new JsonObject
            {
                ["input"] = new JsonObject { ["text"] = "hello" },
                ["expectedOutput"] = new JsonObject { ["text"] = "hello" },
            }),
        }),
    };

    public static JsonObject TextSchema() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["type"] = "object",
        ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string" } },
        ["required"] = new JsonArray("text"),
    };

    public static async Task<HttpResponseMessage> PublishVersionAsync(this HttpClient publisher, Guid agentId, JsonObject body) =>
        await publisher.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions", body);

    public static async Task<JsonElement> VerifyAsync(this HttpClient publisher, Guid agentId, string version)
    {
        var response = await publisher.PostAsync($"/api/v1/agents/{agentId}/versions/{version}/verify", null);
        return await response.JsonAsync(HttpStatusCode.OK);
    }
}

/// <summary>A public, verified agent backed by a running sample agent, ready to deploy.</summary>
public sealed record PublishedAgent(Guid AgentId, string Slug, TestUser Publisher);

public static class PublishedAgents
{
    /// <summary>Registers the sample agent as a verified version (or versions) of a new agent.</summary>
    public static async Task<PublishedAgent> PublishSampleAsync(this MarketplaceApiFactory api, SampleAgentHost agent, params string[] versions)
    {
        var publisher = await api.PublisherAsync();
        using var client = api.ClientFor(publisher);
        var created = await client.CreateAgentAsync();
        var agentId = created.GetProperty("id").GetGuid();
        foreach (var version in versions.Length == 0 ? ["1.0.0"] : versions)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, await agent.RegistrationAsync(version))).StatusCode);
            Assert.Equal("verified", (await client.VerifyAsync(agentId, version)).GetProperty("status").GetString());
        }

        return new PublishedAgent(agentId, created.GetProperty("slug").GetString()!, publisher);
    }

    public static async Task<JsonElement> DeployAsync(this HttpClient client, Guid agentId, string? version = null, object? config = null)
    {
        var response = await client.PostAsJsonAsync("/api/v1/deployments", new { agentId, version, environment = "production", config });
        return await response.JsonAsync(HttpStatusCode.Created);
    }

    public static Task<HttpResponseMessage> InvokeAsync(this HttpClient client, Guid deploymentId, string capability, object input) =>
        client.PostAsJsonAsync($"/api/v1/deployments/{deploymentId}/invoke", new { capability, input });

    /// <summary>
    /// Deploys the sample agent and calls it successfully, once by default: what a review needs (verified use); twenty
    /// calls give it a measured success rate.
    /// </summary>
    public static async Task<JsonElement> UseSampleAsync(this HttpClient client, Guid agentId, int calls = 1)
    {
        var deployment = await client.DeployAsync(agentId);
        for (var i = 0; i < calls; i++)
        {
            await (await client.InvokeAsync(deployment.GetProperty("id").GetGuid(), "echo", new { text = "hello" })).JsonAsync(HttpStatusCode.OK);
        }

        return deployment;
    }
}
