using System.Net;
using AgentMarketplace.IntegrationTests.Billing;
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
            await api.ScalarAsync($"SELECT count(*) FROM deployment.invocations WHERE deployment_id = '{deploymentId}'"),
            await api.ScalarAsync($"SELECT count(*) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'"),
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
        try
        {
            var refused = await client.InvokeAsync(id, "echo", new { text = "second" });

            await refused.AssertProblemAsync(HttpStatusCode.InternalServerError);
            Assert.Equal((1, 1, 1), await LeftBehindAsync(client, id));
            // The 500 is the refused write, not something before the agent call, and admins see it under
            // the gateway's module and route pattern.
            using var admin = api.ClientFor(await api.AdminAsync());
            var errors = await (await admin.GetAsync("/api/v1/admin/errors?module=Deployment")).JsonAsync(HttpStatusCode.OK);
            var error = Assert.Single(errors.GetProperty("items").EnumerateArray(), e => e.GetProperty("status").GetInt32() == 500);
            Assert.Equal("Unhandled PostgresException", error.GetProperty("message").GetString());
            Assert.Equal("POST /api/v1/deployments/{id:guid}/invoke", error.GetProperty("route").GetString());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_quota_use ON users.quota_usage; DROP FUNCTION users.refuse_quota_use();");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "third" })).StatusCode);
        Assert.Equal((2, 2, 2), await LeftBehindAsync(client, id));
    }
}
