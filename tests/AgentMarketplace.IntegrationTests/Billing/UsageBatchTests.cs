using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>POST /api/v1/usage/batch: per-event idempotency keys, all or nothing, set-based.</summary>
public sealed class UsageBatchTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private sealed record Event(string IdempotencyKey, Guid DeploymentId, string Capability, long Units, DateTimeOffset OccurredAt);

    private Event NewEvent(Guid deployment, long units = 1, string? key = null) =>
        new(key ?? Guid.NewGuid().ToString(), deployment, "echo", units, api.Clock.GetUtcNow());

    private static Task<HttpResponseMessage> SendAsync(HttpClient publisher, IEnumerable<object> events) =>
        publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events });

    private static async Task<(int Accepted, int Duplicates)> AcceptedAsync(HttpResponseMessage response)
    {
        var body = await response.JsonAsync(HttpStatusCode.Accepted);
        return (body.GetProperty("accepted").GetInt32(), body.GetProperty("duplicates").GetInt32());
    }

    private async Task<(long Events, long Units)> RecordedAsync(Guid deploymentId) =>
        (await api.ScalarAsync($"SELECT count(*) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'"),
         await api.ScalarAsync($"SELECT coalesce(sum(units), 0) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'"));

    [Fact]
    public async Task A_batch_is_accepted_with_its_count_and_stored_once_per_event()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var accepted = await AcceptedAsync(await SendAsync(publisher, Enumerable.Range(1, 50).Select(i => NewEvent(deployment, i))));

        Assert.Equal((50, 0), accepted);
        Assert.Equal((50L, 50L * 51 / 2), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task Duplicates_within_a_batch_and_across_batches_are_counted_once()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var first = Enumerable.Range(0, 10).Select(_ => NewEvent(deployment, 3)).ToList();

        var withRepeat = await AcceptedAsync(await SendAsync(publisher, [.. first, first[0], first[1]]));
        var overlapping = await AcceptedAsync(await SendAsync(publisher, [.. first.Take(5), NewEvent(deployment, 3), NewEvent(deployment, 3)]));
        var replay = await AcceptedAsync(await SendAsync(publisher, first));

        Assert.Equal((10, 2), withRepeat);
        Assert.Equal((2, 5), overlapping);
        Assert.Equal((0, 10), replay);
        Assert.Equal((12L, 36L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task Keys_are_per_publisher()
    {
        var (one, _, _, deploymentOne) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        var (two, _, _, deploymentTwo) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisherOne = api.ClientFor(one.Publisher);
        using var publisherTwo = api.ClientFor(two.Publisher);

        Assert.Equal((1, 0), await AcceptedAsync(await SendAsync(publisherOne, [NewEvent(deploymentOne, key: "shared-key")])));
        Assert.Equal((1, 0), await AcceptedAsync(await SendAsync(publisherTwo, [NewEvent(deploymentTwo, key: "shared-key")])));
    }

    [Fact]
    public async Task A_replayed_key_with_other_content_is_422_and_rejects_the_whole_batch()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var original = NewEvent(deployment, 4);
        await AcceptedAsync(await SendAsync(publisher, [original]));

        var response = await SendAsync(publisher, [NewEvent(deployment, 100), original with { Units = 5 }]);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("events[1]", problem.GetProperty("detail").GetString());
        Assert.Equal((1L, 4L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task A_key_twice_in_one_batch_with_different_content_is_400()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var first = NewEvent(deployment, 1);

        var response = await SendAsync(publisher, [first, first with { Capability = "other" }]);

        await response.AssertValidationErrorAsync("events[1].idempotencyKey");
        Assert.Equal((0L, 0L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task An_event_on_someone_elses_or_an_unknown_deployment_is_404_and_nothing_is_written()
    {
        var (listed, _, _, mine) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        var (_, _, _, theirs) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var foreign = await SendAsync(publisher, [NewEvent(mine), NewEvent(theirs)]);
        var unknown = await SendAsync(publisher, [NewEvent(mine), NewEvent(Guid.NewGuid())]);

        Assert.Contains("events[1]", (await foreign.AssertProblemAsync(HttpStatusCode.NotFound)).GetProperty("detail").GetString());
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal((0L, 0L), await RecordedAsync(mine));
        Assert.Equal((0L, 0L), await RecordedAsync(theirs));
    }

    public static TheoryData<long, int, string> BadEvents => new()
    {
        { 0, 0, "events[1].units" },
        { -5, 0, "events[1].units" },
        { 5_000_000_000, 0, "events[1].units" },
        { 1, 60, "events[1].occurredAt" },
        { 1, -60 * 24 * 40, "events[1].occurredAt" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task A_bad_event_is_400_naming_its_index_and_nothing_is_written(long units, int minutesFromNow, string field)
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var response = await SendAsync(publisher,
            [NewEvent(deployment), NewEvent(deployment, units) with { OccurredAt = api.Clock.GetUtcNow().AddMinutes(minutesFromNow) }]);

        await response.AssertValidationErrorAsync(field);
        Assert.Equal((0L, 0L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task Missing_keys_empty_and_oversized_batches_are_400()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var noKey = await SendAsync(publisher, [new { deploymentId = deployment, capability = "echo", units = 1, occurredAt = api.Clock.GetUtcNow() }]);
        var empty = await SendAsync(publisher, []);
        var tooMany = await SendAsync(publisher, Enumerable.Range(0, 1_001).Select(_ => NewEvent(deployment)));
        var noEvents = await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { });

        await noKey.AssertValidationErrorAsync("events[0].idempotencyKey");
        await empty.AssertValidationErrorAsync("events");
        await tooMany.AssertValidationErrorAsync("events");
        await noEvents.AssertValidationErrorAsync("events");
        Assert.Equal((0L, 0L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task Concurrent_identical_batches_are_counted_once()
    {
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var batch = Enumerable.Range(0, 200).Select(i => NewEvent(deployment, 1 + i % 7)).ToList();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(publisher, batch)));
        var counts = await Task.WhenAll(answers.Select(AcceptedAsync));

        Assert.Equal(200, counts.Sum(c => c.Accepted));
        Assert.All(counts, c => Assert.Equal(200, c.Accepted + c.Duplicates));
        Assert.Equal((200L, batch.Sum(e => e.Units)), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task Usage_in_a_billed_period_is_409_but_a_replay_of_billed_events_counts_as_duplicates()
    {
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var start = api.Clock.GetUtcNow();
        var (listed, _, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);
        var billed = NewEvent(deployment, 2);
        await AcceptedAsync(await SendAsync(publisher, [billed]));
        await api.RunBillingSinceAsync(start);

        var late = await SendAsync(publisher, [NewEvent(deployment), billed with { IdempotencyKey = "late", OccurredAt = billed.OccurredAt }]);
        var replay = await AcceptedAsync(await SendAsync(publisher, [billed]));

        await late.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((0, 1), replay);
        Assert.Equal((1L, 2L), await RecordedAsync(deployment));
    }

    [Fact]
    public async Task A_billing_run_prices_batch_reported_usage()
    {
        // Other tests of this class report usage at the clock's current instant; this period starts after it.
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var start = api.Clock.GetUtcNow();
        var (listed, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(3));
        using var publisher = api.ClientFor(listed.Publisher);
        var events = Enumerable.Range(0, 40).Select(_ => NewEvent(deployment, 9)).ToList();
        await AcceptedAsync(await SendAsync(publisher, events));
        await AcceptedAsync(await SendAsync(publisher, events.Take(20)));

        var run = await api.RunBillingSinceAsync(start);

        Assert.Equal(1, run.GetProperty("invoicesCreated").GetInt32());
        var invoice = await consumer.SingleInvoiceAsync();
        Assert.Equal(user.Id, invoice.GetProperty("userId").GetGuid());
        var line = Assert.Single(invoice.GetProperty("lines").EnumerateArray());
        Assert.Equal(listed.AgentId, line.GetProperty("agentId").GetGuid());
        Assert.Equal(40, line.GetProperty("quantity").GetInt64());
        Assert.Equal(120, invoice.GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task A_consumer_cannot_report_a_batch()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var response = await SendAsync(consumer, [new Event("k", Guid.NewGuid(), "echo", 1, api.Clock.GetUtcNow())]);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_batch_body_that_is_not_json_is_a_400_problem()
    {
        var (listed, _, _, _) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(1));
        using var publisher = api.ClientFor(listed.Publisher);

        var response = await publisher.PostAsync("/api/v1/usage/batch", new StringContent("{\"events\": [", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        _ = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
