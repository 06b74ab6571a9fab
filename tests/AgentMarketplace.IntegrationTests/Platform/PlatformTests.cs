using System.Net;
using System.Text.Json;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Platform;

public sealed class PlatformTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Liveness_and_readiness_are_healthy_once_migrations_are_applied()
    {
        var live = await _client.GetAsync("/health/live");
        var ready = await _client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_module_has_its_own_schema_and_migration_history()
    {
        await _client.GetAsync("/health/ready");
        var connectionString = api.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marketplace");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        foreach (var schema in new[] { "users", "registry", "marketplace", "deployment", "billing" })
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema AND table_name = '__EFMigrationsHistory'",
                connection);
            command.Parameters.AddWithValue("schema", schema);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task Metrics_are_served_in_prometheus_text_with_request_counts_and_durations()
    {
        await _client.GetAsync("/health/live");

        var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_count{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Swagger_documents_the_users_routes_and_both_auth_schemes()
    {
        var ui = await _client.GetAsync("/swagger/index.html");
        var document = JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement;

        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/users/register", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/token", out _));
        Assert.True(paths.TryGetProperty("/api/v1/admin/users/{id}/quota", out _));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("ApiKey").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_sane_correlation_id_is_echoed_and_put_in_problem_bodies()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        request.Headers.Add("X-Correlation-Id", "order-4711");

        var response = await _client.SendAsync(request);

        Assert.Equal("order-4711", response.Headers.GetValues("X-Correlation-Id").Single());
        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("order-4711", problem.GetProperty("correlationId").GetString());
    }

    [Fact]
    public async Task A_hostile_correlation_id_is_replaced_by_a_generated_one()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "evil\" injected=1 " + new string('x', 100));

        var response = await _client.SendAsync(request);

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.DoesNotContain("evil", echoed, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", echoed);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await _client.GetAsync("/api/v1/nothing-here");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await _client.DeleteAsync("/api/v1/users/register");

        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_module_connection_prepares_a_statement_it_keeps_running()
    {
        var module = api.Services.GetServices<ModuleDatabase>().First();
        using var scope = api.Services.CreateScope();
        var context = (DbContext)scope.ServiceProvider.GetRequiredService(module.ContextType);
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();

        for (var run = 0; run < 6; run++)
        {
            await using var repeated = connection.CreateCommand();
            repeated.CommandText = "SELECT count(*) FROM pg_class WHERE relkind = 'r'";
            await repeated.ExecuteScalarAsync();
        }

        await using var prepared = connection.CreateCommand();
        prepared.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%pg_class WHERE relkind%'";
        Assert.Equal(1L, await prepared.ExecuteScalarAsync());
    }
}
