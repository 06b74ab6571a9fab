using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.Cli;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Clients;

/// <summary>
/// The `agentmarket` CLI's commands, run in process against the real host (real PostgreSQL) and the
/// sample agent over real HTTP: what they print, what they exit with, what they keep on disk.
/// </summary>
public sealed class AgentMarketCliTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>, IDisposable
{
    private const string Api = "http://localhost";
    private readonly string _home = Directory.CreateTempSubdirectory("agentmarket-cli-").FullName;
    private readonly HttpClient _http = api.CreateClient();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private sealed record Run(int ExitCode, string Out, string Error);

    private async Task<Run> AgentMarketAsync(string? stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(new StringReader(stdin ?? ""), output, error, Path.Combine(_home, "config"), api.Server.CreateHandler());
        var exit = await AgentMarketCli.RunAsync([.. args, "--api", Api], context);
        return new Run(exit, output.ToString(), error.ToString());
    }

    private async Task<string> PublisherLoggedInAsync()
    {
        var email = TestUsers.NewEmail("cli");
        var anonymous = MarketplaceClient.Create(_http);
        await anonymous.Api.V1.Users.Register.PostAsync(new RegisterRequest { Email = email, Password = TestUsers.Password, DisplayName = "CLI" });
        var token = await anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = TestUsers.Password });
        await MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.Bearer(token!.AccessToken!))
            .Api.V1.Users.Me.Publisher.PostAsync(new PublisherRequest { PublisherName = "CLI Labs " + Guid.NewGuid().ToString("N")[..8] });
        var login = await AgentMarketAsync(TestUsers.Password + "\n", "login", "--email", email);
        Assert.True(login.ExitCode == 0, login.Error);
        return email;
    }

    private async Task<string> AgentAsync()
    {
        var slug = "cli-" + Guid.NewGuid().ToString("N")[..10];
        var created = await AgentMarketAsync(null, "agents", "create", "--slug", slug, "--name", "CLI Tools", "--description", "Text tools.", "--category", "analytics", "--tag", "text");
        Assert.True(created.ExitCode == 0, created.Error);
        return slug;
    }

    private async Task<string> RegistrationFileAsync(string version)
    {
        var path = Path.Combine(_home, $"registration-{version}.json");
        await File.WriteAllTextAsync(path, (await agent.RegistrationAsync(version)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    [Fact]
    public async Task A_publisher_logs_in_publishes_verifies_deploys_invokes_and_sees_the_usage()
    {
        var email = await PublisherLoggedInAsync();
        var slug = await AgentAsync();

        var published = await AgentMarketAsync(null, "publish", await RegistrationFileAsync("1.0.0"), "--agent", slug);
        var deployed = await AgentMarketAsync(null, "--json", "deploy", slug, "--auto-update", "compatible");
        var deploymentId = JsonNode.Parse(deployed.Out)!["id"]!.GetValue<string>();
        var pinned = await AgentMarketAsync(null, "auto-update", deploymentId, "none");
        var invoked = await AgentMarketAsync(null, "invoke", deploymentId, "word-count", "--input", """{"text":"one two three"}""");
        var invokedJson = await AgentMarketAsync(null, "--json", "invoke", deploymentId, "echo", "--input", """{"text":"héllo"}""");
        var usage = await AgentMarketAsync(null, "usage");

        Assert.Equal(0, published.ExitCode);
        Assert.Contains($"Published {slug} 1.0.0", published.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^CAPABILITY\s+RESULT\s+LATENCY\s+ERROR$", published.Out);
        Assert.Matches(@"(?m)^word-count\s+passed\s+\d+ ms$", published.Out);
        Assert.Contains($"{slug} 1.0.0: verified", published.Out, StringComparison.Ordinal);
        Assert.True(deployed.ExitCode == 0, deployed.Error);
        Assert.Equal("compatible", JsonNode.Parse(deployed.Out)!["autoUpdate"]!.GetValue<string>());
        Assert.True(pinned.ExitCode == 0, pinned.Error);
        Assert.Contains($"({deploymentId}): auto-update none, version 1.0.0", pinned.Out, StringComparison.Ordinal);
        Assert.Equal(0, invoked.ExitCode);
        Assert.Equal("""{"words":3,"characters":13}""", invoked.Out.Trim());
        Assert.Contains("3 unit(s)", invoked.Error, StringComparison.Ordinal);
        Assert.Equal("héllo", JsonNode.Parse(invokedJson.Out)!["output"]!["text"]!.GetValue<string>());
        Assert.Equal(0, usage.ExitCode);
        Assert.Matches($@"(?m)^\S+\s+{deploymentId}\s+2\s+", usage.Out);
        Assert.Contains(email, await File.ReadAllTextAsync(Path.Combine(_home, "config", "credentials.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_json_and_an_agent_card_are_imported_as_new_agents_and_verified()
    {
        await PublisherLoggedInAsync();
        var serverJson = Path.Combine(_home, "server.json");
        var card = Path.Combine(_home, "agent-card.json");
        await File.WriteAllTextAsync(serverJson, (await agent.ServerJsonAsync()).ToJsonString());
        await File.WriteAllTextAsync(card, (await agent.AgentCardAsync()).ToJsonString());
        var (mcpSlug, a2aSlug) = ("cli-mcp-" + Guid.NewGuid().ToString("N")[..8], "cli-a2a-" + Guid.NewGuid().ToString("N")[..8]);

        var mcp = await AgentMarketAsync(null, "publish", serverJson, "--slug", mcpSlug, "--category", "analytics");
        var a2a = await AgentMarketAsync(null, "--json", "publish", card, "--slug", a2aSlug);

        Assert.True(mcp.ExitCode == 0, mcp.Error);
        Assert.Matches(@"(?m)^word-count\s+passed", mcp.Out);
        Assert.Contains($"{mcpSlug} 1.0.0: verified", mcp.Out, StringComparison.Ordinal);
        Assert.True(a2a.ExitCode == 0, a2a.Error);
        Assert.Equal("verified", JsonNode.Parse(a2a.Out)!["status"]!.GetValue<string>());
        Assert.Contains($"Published {a2aSlug}", a2a.Error, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Credentials_are_kept_readable_by_the_user_alone()
    {
        await PublisherLoggedInAsync();

        var file = Path.Combine(_home, "config", "credentials.json");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.StartsWith("amk_", JsonNode.Parse(await File.ReadAllTextAsync(file))!["apiKey"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_verification_prints_the_failing_capability_and_exits_non_zero()
    {
        await PublisherLoggedInAsync();
        var slug = await AgentAsync();
        await agent.SetFaultsAsync(brokenCapabilities: ["sentiment"]);
        try
        {
            var published = await AgentMarketAsync(null, "publish", await RegistrationFileAsync("1.0.0"), "--agent", slug);

            Assert.Equal(1, published.ExitCode);
            Assert.Matches(@"(?m)^sentiment\s+FAILED\s+\d+ ms\s+\S.*$", published.Out);
            Assert.Matches(@"(?m)^echo\s+passed", published.Out);
            Assert.Contains($"{slug} 1.0.0: failed", published.Out, StringComparison.Ordinal);
            Assert.Contains("cannot be deployed until a verification passes", published.Error, StringComparison.Ordinal);
        }
        finally
        {
            await agent.SetFaultsAsync();
        }
    }

    [Fact]
    public async Task Api_problems_print_title_detail_and_field_errors_and_exit_non_zero()
    {
        await PublisherLoggedInAsync();
        var slug = await AgentAsync();

        var invalid = await AgentMarketAsync(null, "agents", "create", "--slug", "Not A Slug", "--name", "X");
        var taken = await AgentMarketAsync(null, "agents", "create", "--slug", slug, "--name", "Again", "--description", "Twice.", "--category", "analytics");
        var unknown = await AgentMarketAsync(null, "deploy", "no-such-agent-" + Guid.NewGuid().ToString("N")[..6]);

        Assert.Equal(1, invalid.ExitCode);
        Assert.StartsWith("error: 400 One or more fields are invalid.", invalid.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  slug: \S", invalid.Error);
        Assert.Equal(1, taken.ExitCode);
        Assert.Equal($"error: 409 Conflict.{Environment.NewLine}  The slug '{slug}' is taken.{Environment.NewLine}", taken.Error);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("error: 404 Not found.", unknown.Error, StringComparison.Ordinal);
        Assert.All(new[] { invalid, taken, unknown }, run => Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_missing_or_malformed_file_is_named_with_its_line_and_no_stack_trace()
    {
        await PublisherLoggedInAsync();
        var malformed = Path.Combine(_home, "registration.json");
        await File.WriteAllTextAsync(malformed, "{\n  \"version\": \"1.0.0\",\n  \"capabilities\": [\n    {\"name\": \"x\",}\n  ]\n}\n");

        var missing = await AgentMarketAsync(null, "publish", Path.Combine(_home, "nowhere.json"), "--agent", "x");
        var broken = await AgentMarketAsync(null, "publish", malformed, "--agent", "x");

        Assert.Equal(1, missing.ExitCode);
        Assert.Equal($"error: {Path.Combine(_home, "nowhere.json")}: no such file.{Environment.NewLine}", missing.Error);
        Assert.Equal(1, broken.ExitCode);
        Assert.StartsWith($"error: {malformed}:4:", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Error, StringComparison.Ordinal);
    }
}
