using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;
using Serilog.Events;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// PostgreSQL stopped (immediate, as a crash) under a burst of metered calls and started again, on a server
/// this class has to itself: an outage is a fast 503 with Retry-After, liveness does not depend on the
/// database, readiness does, and what is answered 200 is exactly what is counted and billed.
/// </summary>
public sealed class DatabaseOutageTests(OutageApiFactory api, SampleAgentHost agent)
    : IClassFixture<OutageApiFactory>, IClassFixture<SampleAgentHost>
{
    private const int Clients = 64;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private sealed record Answer(HttpStatusCode Status, bool ProblemJson, bool RetryAfter);

    /// <summary>Outside the host, on a connection of its own: a pooled one would not survive the restart.</summary>
    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<Answer> AnswerOf(HttpResponseMessage response)
    {
        using (response)
        {
            await response.Content.ReadAsByteArrayAsync();
            return new Answer(response.StatusCode,
                response.Content.Headers.ContentType?.MediaType == "application/problem+json",
                response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(api.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The server process that waits as <paramref name="waitEvent"/> says (0 while none does).</summary>
    private Task<long> BackendWaitingAsync(string waitEvent) =>
        CountAsync($"SELECT coalesce(max(pid), 0)::bigint FROM pg_stat_activity WHERE wait_event = '{waitEvent}'");

    private async Task RestartAsync()
    {
        await api.Postgres.StopAsync();
        await api.Postgres.StartAsync();
        await Eventually.TrueAsync(async () => await ReadyAsync() == HttpStatusCode.OK, Patience, "the service sees PostgreSQL again");
    }

    /// <summary>A caller with a deployment of the sample agent, and what its calls left behind so far.</summary>
    private async Task<(HttpClient Client, Guid DeploymentId, Func<Task<(long, long, long)>> LeftBehind)> CallerAsync()
    {
        var published = await api.PublishSampleAsync(agent);
        var client = api.ClientFor(await api.RegisterAsync());
        var deploymentId = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        return (client, deploymentId, async () =>
        {
            var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
            return (quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64(),
                await CountAsync($"SELECT count(*) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'"),
                await CountAsync($"SELECT count(*) FROM deployment.invocations WHERE deployment_id = '{deploymentId}'"));
        });
    }

    private async Task<HttpStatusCode> ReadyAsync()
    {
        using var client = api.CreateClient();
        using var response = await client.GetAsync("/health/ready");
        return response.StatusCode;
    }

    private static bool IsFromCircuit(LogEvent e) => e.Properties.TryGetValue("SourceContext", out var source)
        && source.ToString() == "\"AgentMarketplace.BuildingBlocks.Persistence.DatabaseCircuit\"";

    [Fact]
    public async Task An_outage_under_load_is_answered_503_or_200_while_liveness_stays_up_and_usage_counts_exactly_the_200s()
    {
        var logged = api.Logs.Events.Count; // this class's other tests log to the same host
        IEnumerable<LogEvent> LoggedHere() => api.Logs.Events.Skip(logged);
        var published = await api.PublishSampleAsync(agent);
        var user = await api.RegisterAsync();
        using (var admin = api.ClientFor(await api.AdminAsync()))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
                new { requestsPerMinute = 1_000_000, callsPerMonth = 1_000_000 })).StatusCode);
        }

        using var client = api.ClientFor(user);
        var deploymentId = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        var answers = new ConcurrentQueue<Answer>();
        var liveness = new ConcurrentQueue<HttpStatusCode?>();
        using var stop = new CancellationTokenSource();
        List<Task> Burst() => Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Enqueue(await AnswerOf(await client.InvokeAsync(deploymentId, "echo", new { text = "burst" })));
            }
        })).ToList();
        var callers = Burst();
        var probing = Task.Run(async () =>
        {
            using var live = api.CreateClient();
            live.Timeout = TimeSpan.FromSeconds(5);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var response = await live.GetAsync("/health/live");
                    liveness.Enqueue(response.StatusCode);
                }
                catch (TaskCanceledException)
                {
                    liveness.Enqueue(null); // no answer within the client's timeout
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50)); // a probe's pace, as an orchestrator's
            }
        });

        var down = false;
        Exception? failed = null;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(answers.Count(a => a.Status == HttpStatusCode.OK) >= 50), Patience,
                "the burst is being served before the outage");

            await api.Postgres.StopAsync();
            down = true;
            await Eventually.TrueAsync(async () => await ReadyAsync() == HttpStatusCode.ServiceUnavailable, Patience,
                "readiness reports the outage");
            await Eventually.TrueAsync(() => Task.FromResult(LoggedHere().Any(e => IsFromCircuit(e) && e.Level == LogEventLevel.Warning)),
                Patience, "the service has seen the outage");

            // The stop may have cut off the batches of every caller above with their commits under way: those
            // callers wait until PostgreSQL tells what became of them. Calls made from now on cannot be in doubt.
            var servedOnceDown = answers.Count;
            callers.AddRange(Burst());
            await Eventually.TrueAsync(() => Task.FromResult(answers.Skip(servedOnceDown).Count(a => a.Status == HttpStatusCode.ServiceUnavailable) >= 200),
                Patience, "a burst is answered 503 while PostgreSQL is down");
            var probesSoFar = liveness.Count;
            await Eventually.TrueAsync(() => Task.FromResult(liveness.Count >= probesSoFar + 10), Patience,
                "liveness is probed while the burst hammers a database that is down");

            // Routes that need the database, other than the gateway, answer the same.
            using var anonymous = api.CreateClient();
            foreach (var response in new[]
                     {
                         await anonymous.PostAsJsonAsync("/api/v1/users/register",
                             new { email = TestUsers.NewEmail(), password = TestUsers.Password, displayName = "Down" }),
                         await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = user.Password }),
                         await client.GetAsync("/api/v1/users/me/quota"),
                         await anonymous.GetAsync("/api/v1/marketplace/search?q=text"),
                     })
            {
                await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"No Retry-After on {response.RequestMessage!.RequestUri}");
            }

            await api.Postgres.StartAsync();
            down = false;
            var servedOnceUp = answers.Count;
            await Eventually.TrueAsync(() => Task.FromResult(answers.Skip(servedOnceUp).Count(a => a.Status == HttpStatusCode.OK) >= 50), Patience,
                "calls succeed again after the restart");
            await Eventually.TrueAsync(async () => await ReadyAsync() == HttpStatusCode.OK, Patience, "readiness reports the recovery");
        }
        catch (Exception e)
        {
            failed = e;
            throw;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                if (down)
                {
                    await api.Postgres.StartAsync(); // a failed step above: callers in doubt are answered only once it is back
                }

                await Task.WhenAll(callers.Append(probing)).WaitAsync(Patience);
            }
            catch (Exception) when (failed is not null)
            {
                // The step that failed says why; this cleanup failing too would only hide it.
            }
        }

        var statuses = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(statuses.Keys.All(s => s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable),
            $"Answers other than 200 and 503: {string.Join(", ", statuses.Select(s => $"{(int)s.Key} × {s.Value}"))}");
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.ProblemJson && a.RetryAfter));
        Assert.All(liveness, status => Assert.Equal(HttpStatusCode.OK, status));

        // Exactly the calls answered 200 were counted against the quota, billed and recorded: none twice, none answered 503.
        long ok = statuses[HttpStatusCode.OK];
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((ok, ok, ok), (quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64(),
            await CountAsync($"SELECT count(*) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'"),
            await CountAsync($"SELECT count(*) FROM deployment.invocations WHERE deployment_id = '{deploymentId}'")));

        // The outage is told once as it begins and once as it ends. What is logged as an error is only EF Core's
        // line for each command (or transaction commit) the stop cut off, not one for every request or job that
        // met the outage.
        var circuit = LoggedHere().Where(IsFromCircuit).ToList();
        Assert.Equal([LogEventLevel.Warning, LogEventLevel.Information], circuit.Select(e => e.Level));
        var errors = LoggedHere().Where(e => e.Level >= LogEventLevel.Error).ToList();
        Assert.True(errors.Count < Clients && errors.All(e => e.Properties["SourceContext"].ToString() is "\"Microsoft.EntityFrameworkCore.Database.Command\""
                or "\"Microsoft.EntityFrameworkCore.Database.Transaction\""),
            string.Join("\n", errors.Select(e => $"{e.Properties.GetValueOrDefault("SourceContext")}: {e.RenderMessage()} {e.Exception}")));
    }

    [Fact]
    public async Task A_group_commit_whose_connection_is_lost_after_it_committed_is_answered_200_and_recorded_once()
    {
        var (client, deploymentId, leftBehind) = await CallerAsync();
        // A commit that asks for it waits for a synchronous standby that never comes: committed here, not answered.
        // Every commit asks for it but the group commit's (the trigger on its invocations insert asks).
        await ExecuteAsync("ALTER SYSTEM SET synchronous_standby_names = 'never_connects'");
        await ExecuteAsync("ALTER SYSTEM SET synchronous_commit = 'local'");
        await RestartAsync();
        await ExecuteAsync("""
            CREATE FUNCTION deployment.wait_for_standby() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN PERFORM set_config('synchronous_commit', 'on', true); RETURN NULL; END $$;
            CREATE TRIGGER wait_for_standby AFTER INSERT ON deployment.invocations
              FOR EACH STATEMENT EXECUTE FUNCTION deployment.wait_for_standby();
            """);
        try
        {
            var call = client.InvokeAsync(deploymentId, "echo", new { text = "in doubt" });
            long waiting = 0;
            await Eventually.TrueAsync(async () => (waiting = await BackendWaitingAsync("SyncRep")) != 0, Patience,
                "the group commit has committed and waits to answer");

            // Its connection is cut: the server ends the session without another word, the commit stands.
            await ExecuteAsync($"SELECT pg_terminate_backend({waiting})");

            Assert.Equal(HttpStatusCode.OK, (await call).StatusCode);
            Assert.Equal((1, 1, 1), await leftBehind());
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER wait_for_standby ON deployment.invocations; DROP FUNCTION deployment.wait_for_standby();");
            await ExecuteAsync("ALTER SYSTEM RESET synchronous_standby_names");
            await ExecuteAsync("ALTER SYSTEM RESET synchronous_commit");
            await ExecuteAsync("SELECT pg_reload_conf()");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(deploymentId, "echo", new { text = "after" })).StatusCode);
        Assert.Equal((2, 2, 2), await leftBehind());
    }

    /// <summary>
    /// Holds the group commit's batches in the server, before they commit, while deployment.hold_commits has
    /// a row; each time one is held, <paramref name="onHeld"/> decides what becomes of it.
    /// </summary>
    private async Task<HttpResponseMessage> InvokeWhileHeldAsync(HttpClient client, Guid deploymentId, Func<long, Task> onHeld)
    {
        await ExecuteAsync("""
            CREATE TABLE deployment.hold_commits (held boolean);
            INSERT INTO deployment.hold_commits VALUES (true);
            CREATE FUNCTION deployment.hold_invocations() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN IF EXISTS (SELECT FROM deployment.hold_commits) THEN PERFORM pg_sleep(60); END IF; RETURN NULL; END $$;
            CREATE TRIGGER hold_invocations AFTER INSERT ON deployment.invocations
              FOR EACH STATEMENT EXECUTE FUNCTION deployment.hold_invocations();
            """);
        try
        {
            var call = client.InvokeAsync(deploymentId, "echo", new { text = "in doubt" });
            var handled = new HashSet<long>();
            while (!call.IsCompleted)
            {
                long held = 0;
                await Eventually.TrueAsync(async () => call.IsCompleted || (held = await BackendWaitingAsync("PgSleep")) is not 0 && !handled.Contains(held),
                    Patience, "the group commit has sent a batch and the server is running it");
                if (!call.IsCompleted && handled.Add(held))
                {
                    await onHeld(held);
                }
            }

            return await call;
        }
        finally
        {
            await ExecuteAsync("""
                DROP TRIGGER hold_invocations ON deployment.invocations;
                DROP FUNCTION deployment.hold_invocations();
                DROP TABLE deployment.hold_commits;
                """);
        }
    }

    [Fact]
    public async Task A_group_commit_whose_connection_is_lost_before_it_committed_is_written_again_and_recorded_once()
    {
        var (client, deploymentId, leftBehind) = await CallerAsync();

        // The batch is cut off before it commits; written again, it is not held.
        var response = await InvokeWhileHeldAsync(client, deploymentId, async held =>
        {
            await ExecuteAsync("DELETE FROM deployment.hold_commits");
            await ExecuteAsync($"SELECT pg_terminate_backend({held})");
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((1, 1, 1), await leftBehind());
    }

    [Fact]
    public async Task A_group_commit_cut_off_each_time_before_it_committed_is_answered_503_and_nothing_is_billed()
    {
        var (client, deploymentId, leftBehind) = await CallerAsync();

        var refused = await InvokeWhileHeldAsync(client, deploymentId, held => ExecuteAsync($"SELECT pg_terminate_backend({held})"));

        await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.True(refused.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 });
        Assert.Equal((0, 0, 0), await leftBehind());
        Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(deploymentId, "echo", new { text = "after" })).StatusCode);
        Assert.Equal((1, 1, 1), await leftBehind());
    }
}
