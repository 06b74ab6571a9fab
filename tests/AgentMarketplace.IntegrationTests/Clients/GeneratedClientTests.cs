using System.Text.Json.Nodes;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Clients;

/// <summary>
/// The Kiota client generated from docs/openapi.json, against the real host: free-form JSON (schemas,
/// examples, invoke input and output) survives the round trip, and problems arrive typed. The seed's
/// whole workflow runs through the same client in ExampleWorkflowTests (the demo's code).
/// </summary>
public sealed class GeneratedClientTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private const string InputSchema = """
        {"type":"object","properties":{"text":{"type":"string","minLength":1},"tags":{"type":"array","items":{"type":"string"}}},"required":["text"]}
        """;

    private const string OutputSchema = """{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";

    private readonly HttpClient _http = api.CreateClient();

    private MarketplaceApiClient Anonymous => MarketplaceClient.Create(_http);

    private async Task<MarketplaceApiClient> SignUpAsync(bool publisher = false)
    {
        var email = TestUsers.NewEmail("client");
        await Anonymous.Api.V1.Users.Register.PostAsync(new RegisterRequest { Email = email, Password = TestUsers.Password, DisplayName = "Client" });
        var token = await Anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = TestUsers.Password });
        var client = MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.Bearer(token!.AccessToken!));
        if (publisher)
        {
            await client.Api.V1.Users.Me.Publisher.PostAsync(new PublisherRequest { PublisherName = "Client Labs " + Guid.NewGuid().ToString("N")[..8] });
            // The role is in the next token; an API key sees it at once.
            var key = await client.Api.V1.Users.Me.ApiKeys.PostAsync(new CreateApiKeyRequest { Name = "tests" });
            client = MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.ApiKey(key!.Key!));
        }

        return client;
    }

    [Fact]
    public async Task A_version_with_schemas_and_examples_round_trips_and_a_free_form_input_is_invoked()
    {
        var publisher = await SignUpAsync(publisher: true);
        var slug = "client-echo-" + Guid.NewGuid().ToString("N")[..8];
        var created = await publisher.Api.V1.Agents.PostAsync(new CreateAgentRequest
        {
            Slug = slug, Name = "Client Echo", Description = "Echo through the generated client.", Categories = ["analytics"], Tags = ["echo"],
        });
        var agentId = created!.Id!.Value.ToString();
        await publisher.Api.V1.Agents[agentId].Versions.PostAsync(new PublishVersionRequest
        {
            Version = "1.0.0",
            EndpointUrl = agent.BaseUrl,
            Protocol = PublishVersionRequest_protocol.HttpJson,
            Changelog = "First.",
            Capabilities =
            [
                new CapabilityRequest
                {
                    Name = "echo",
                    Description = "Returns the text.",
                    InputSchema = FreeFormJson.Parse(InputSchema),
                    OutputSchema = FreeFormJson.Parse(OutputSchema),
                    Examples = [new ExampleRequest { Input = FreeFormJson.Parse("""{"text":"hé, 1.5"}"""), ExpectedOutput = FreeFormJson.Parse("""{"text":"hé, 1.5"}""") }],
                },
            ],
        });

        var report = await publisher.Api.V1.Agents[agentId].Versions["1.0.0"].Verify.PostAsync();
        var details = await Anonymous.Api.V1.Agents[slug].GetAsync();
        var user = await SignUpAsync();
        var deployment = await user.Api.V1.Deployments.PostAsync(new CreateDeploymentRequest { AgentId = created.Id, Environment = "production" });
        var answer = await user.Api.V1.Deployments[deployment!.Id!.Value].Invoke.PostAsync(new InvokeRequest
        {
            Capability = "echo",
            Input = FreeFormJson.From(new JsonObject { ["text"] = "free-form ✓" }),
        });

        Assert.Equal("verified", report!.Status);
        var capability = Assert.Single(details!.Capabilities!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(InputSchema), FreeFormJson.ToJsonNode(capability.InputSchema)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(OutputSchema), FreeFormJson.ToJsonNode(capability.OutputSchema)));
        Assert.Equal("""{"text":"hé, 1.5"}""", FreeFormJson.ToJson(Assert.Single(capability.Examples!).Input));
        Assert.Equal("""{"text":"free-form ✓"}""", FreeFormJson.ToJson(answer!.Output));
        Assert.Equal(2, answer.Usage!.Units); // the sample agent meters a unit per word
    }

    [Fact]
    public async Task A_duplicate_registration_is_a_typed_409_problem()
    {
        var email = TestUsers.NewEmail("dup");
        var register = new RegisterRequest { Email = email, Password = TestUsers.Password, DisplayName = "Dup" };
        await Anonymous.Api.V1.Users.Register.PostAsync(register);

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => Anonymous.Api.V1.Users.Register.PostAsync(register));

        Assert.Equal(409, problem.StatusCode());
        Assert.Equal(409, problem.ResponseStatusCode);
        Assert.Equal("Conflict.", problem.Title);
        Assert.Equal("An account with this email already exists.", problem.Detail);
        Assert.Equal(problem.Detail, problem.Message);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
    }

    [Fact]
    public async Task Another_users_deployment_is_a_typed_404_problem()
    {
        var user = await SignUpAsync();

        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => user.Api.V1.Deployments[Guid.NewGuid()].GetAsync());

        Assert.Equal(404, problem.StatusCode());
        Assert.Equal("Not found.", problem.Title);
    }

    [Fact]
    public async Task No_credentials_and_a_revoked_key_are_typed_401_problems()
    {
        var user = await SignUpAsync();
        var key = await user.Api.V1.Users.Me.ApiKeys.PostAsync(new CreateApiKeyRequest { Name = "short-lived" });
        var withKey = MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.ApiKey(key!.Key!));
        Assert.NotNull((await withKey.Api.V1.Users.Me.GetAsync())!.Email);
        await user.Api.V1.Users.Me.ApiKeys[key.Id!.Value].DeleteAsync();

        var anonymous = await Assert.ThrowsAsync<ProblemDetails>(() => Anonymous.Api.V1.Users.Me.GetAsync());
        var revoked = await Assert.ThrowsAsync<ProblemDetails>(() => withKey.Api.V1.Users.Me.GetAsync());

        Assert.Equal(401, anonymous.StatusCode());
        Assert.Equal(401, revoked.StatusCode());
    }

    [Fact]
    public async Task Invalid_fields_arrive_as_field_errors()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => Anonymous.Api.V1.Users.Register.PostAsync(
            new RegisterRequest { Email = "not-an-email", Password = "short", DisplayName = "X" }));

        Assert.Equal(400, problem.StatusCode());
        var errors = problem.FieldErrors();
        Assert.Contains("email", errors.Keys);
        Assert.Contains("password", errors.Keys);
        Assert.All(errors.Values, messages => Assert.NotEmpty(messages[0]));
    }
}
