using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Billing;

public sealed class UsageReportingTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    /// <summary>Sessions of this test class's database queued for an advisory lock.</summary>
    private const string WaitingForAnAdvisoryLock =
        "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE d.datname = current_database() AND l.locktype = 'advisory' AND NOT l.granted";

    private static HttpRequestMessage Report(object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }

    private async Task<long> UnitsRecordedAsync(Guid deploymentId) =>
        await api.ScalarAsync($"SELECT coalesce(sum(units), 0) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'");

    [Fact]
    public async Task A_replay_with_the_same_key_is_counted_once_and_answers_the_same()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var body = new { deploymentId = deployment, capability = "echo", units = 4, occurredAt = api.Clock.GetUtcNow() };
        var key = Guid.NewGuid().ToString();

        var first = await (await publisher.SendAsync(Report(body, key))).JsonAsync(HttpStatusCode.Accepted);
        var again = await (await publisher.SendAsync(Report(body, key))).JsonAsync(HttpStatusCode.Accepted);

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(4, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_concurrent_duplicates_count_once()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var at = api.Clock.GetUtcNow();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            publisher.SendAsync(Report(new { deploymentId = deployment, capability = "echo", units = 2, occurredAt = at }, key))));
        var changed = await publisher.SendAsync(Report(new { deploymentId = deployment, capability = "echo", units = 3, occurredAt = at }, key));

        // A duplicate that arrives while the first is still running is 409; one that arrives after replays the answer.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Accepted);
        await changed.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task Usage_written_while_a_billing_run_holds_its_period_waits_and_is_refused_once_the_period_is_billed()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var at = api.Clock.GetUtcNow();

        // Stand in for a billing run that has begun: hold the run's lock, then record its period as billed.
        await using var run = new NpgsqlConnection(api.ConnectionString);
        await run.OpenAsync();
        await using var transaction = await run.BeginTransactionAsync();
        await new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKeys.BilledPeriods})", run, transaction).ExecuteNonQueryAsync();

        var report = publisher.SendAsync(Report(new { deploymentId = deployment, capability = "echo", units = 5, occurredAt = at }, Guid.NewGuid().ToString()));
        // Wait until the report is inside PostgreSQL, queued behind the run's lock (or, wrongly, answered).
        await Eventually.TrueAsync(async () => report.IsCompleted || await api.ScalarAsync(WaitingForAnAdvisoryLock) > 0, Eventually.Timeout,
            "The usage report should reach the billing run's lock");
        Assert.False(report.IsCompleted, "usage must wait for a billing run in progress");

        await using (var billed = new NpgsqlCommand(
            "INSERT INTO billing.billing_runs (id, period_start, period_end, invoices_created, total_cents, created_at) VALUES (@id, @start, @end, 0, 0, now())",
            run, transaction))
        {
            billed.Parameters.AddWithValue("id", Guid.NewGuid());
            billed.Parameters.AddWithValue("start", at.AddMinutes(-1));
            billed.Parameters.AddWithValue("end", at.AddMinutes(1));
            await billed.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();

        await (await report).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task Usage_needs_an_idempotency_key()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var response = await publisher.SendAsync(Report(new { deploymentId = deployment, capability = "echo", units = 1, occurredAt = api.Clock.GetUtcNow() }, null));

        await response.AssertValidationErrorAsync("Idempotency-Key");
        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task Usage_for_someone_elses_agent_or_an_unknown_deployment_is_404()
    {
        var (_, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var otherPublisher = api.ClientFor(await api.PublisherAsync());

        await (await otherPublisher.SendAsync(Report(new { deploymentId = deployment, capability = "echo", units = 1, occurredAt = api.Clock.GetUtcNow() }, "k1")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await otherPublisher.SendAsync(Report(new { deploymentId = Guid.NewGuid(), capability = "echo", units = 1, occurredAt = api.Clock.GetUtcNow() }, "k2")))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }

    public static TheoryData<long, int, string> BadUsage => new()
    {
        { 0, 0, "units" },
        { -5, 0, "units" },
        { 5_000_000_000, 0, "units" },
        { 1, 60, "occurredAt" },
        { 1, -60 * 24 * 40, "occurredAt" },
    };

    [Theory]
    [MemberData(nameof(BadUsage))]
    public async Task Absurd_units_and_future_or_very_old_times_are_400_and_nothing_is_recorded(long units, int minutesFromNow, string field)
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var response = await publisher.SendAsync(Report(
            new { deploymentId = deployment, capability = "echo", units, occurredAt = api.Clock.GetUtcNow().AddMinutes(minutesFromNow) }, Guid.NewGuid().ToString()));

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task A_consumer_cannot_report_usage()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var response = await consumer.SendAsync(Report(new { deploymentId = Guid.NewGuid(), capability = "echo", units = 1, occurredAt = api.Clock.GetUtcNow() }, "k"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
