using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Deployment;

/// <summary>
/// What a call leaves behind in three modules — its invocation record (Deployment), its usage event
/// (Billing) and its use of the caller's quota (Users) — commits as one transaction: all or nothing.
/// </summary>
public sealed class GroupCommitTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private async Task<long> CountAsync(string sql, Guid deploymentId)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("deployment", deploymentId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<(long Invocations, long UsageEvents, long QuotaCalls)> LeftBehindAsync(HttpClient client, Guid deploymentId)
    {
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        return (
            await CountAsync("SELECT count(*) FROM deployment.invocations WHERE deployment_id = @deployment", deploymentId),
            await CountAsync("SELECT count(*) FROM billing.usage_events WHERE deployment_id = @deployment", deploymentId),
            quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task When_the_quota_write_fails_neither_the_invocation_record_nor_the_usage_event_is_kept()
    {
        var published = await api.PublishSampleAsync(agent);
        var client = api.ClientFor(await api.RegisterAsync());
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "first" })).StatusCode);
        Assert.Equal((1, 1, 1), await LeftBehindAsync(client, id));

        // Users' statement of the next batch fails inside PostgreSQL, after Deployment's and Billing's have run.
        await ExecuteAsync("""
            CREATE FUNCTION users.refuse_quota_use() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN RAISE EXCEPTION 'quota use refused by the test'; END $$;
            CREATE TRIGGER refuse_quota_use BEFORE UPDATE ON users.quota_usage
              FOR EACH ROW WHEN (NEW.calls <> OLD.calls) EXECUTE FUNCTION users.refuse_quota_use();
            """);
        var refused = await client.InvokeAsync(id, "echo", new { text = "second" });

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal((1, 1, 1), await LeftBehindAsync(client, id));

        await ExecuteAsync("DROP TRIGGER refuse_quota_use ON users.quota_usage; DROP FUNCTION users.refuse_quota_use();");
        Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "third" })).StatusCode);
        Assert.Equal((2, 2, 2), await LeftBehindAsync(client, id));
    }
}
