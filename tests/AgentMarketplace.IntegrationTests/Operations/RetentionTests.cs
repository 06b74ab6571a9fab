using System.Net;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Operations;

/// <summary>On a host of its own: the clock moves three months.</summary>
public sealed class RetentionTests(ErrorReportingFactory api, SampleAgentHost agent)
    : IClassFixture<ErrorReportingFactory>, IClassFixture<SampleAgentHost>
{
    private async Task RunCleanupJobsAsync()
    {
        foreach (var job in api.Services.GetServices<IScheduledJob>()
                     .Where(j => j.Name is "deployment.invocation-cleanup" or "operations.error-cleanup"))
        {
            await job.RunAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Invocation_records_and_error_reports_are_kept_90_days_and_then_deleted()
    {
        var published = await api.PublishSampleAsync(agent);
        using var user = api.ClientFor(await api.RegisterAsync());
        var deployment = (await user.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        await user.CallAsync(deployment, 1);
        var failed = await user.InvokeAsync(deployment, "echo", new { text = new string('x', ErrorReportingFactory.MaxResponseBytes) });
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        var invocations = $"SELECT count(*) FROM deployment.invocations WHERE deployment_id = '{deployment}'";
        var errors = $"SELECT count(*) FROM operations.error_reports WHERE deployment_id = '{deployment}'";
        // The agent failure is reported after the caller is answered.
        await Eventually.TrueAsync(async () => await api.ScalarAsync(errors) > 0, Eventually.Timeout, "The failed call should be kept as an error report");
        Assert.Equal(2, await api.ScalarAsync(invocations));
        Assert.Equal(1, await api.ScalarAsync(errors));

        api.Clock.Advance(TimeSpan.FromDays(89));
        await RunCleanupJobsAsync();
        Assert.Equal(2, await api.ScalarAsync(invocations));
        Assert.Equal(1, await api.ScalarAsync(errors));

        api.Clock.Advance(TimeSpan.FromDays(2));
        await RunCleanupJobsAsync();
        Assert.Equal(0, await api.ScalarAsync(invocations));
        Assert.Equal(0, await api.ScalarAsync(errors));
    }
}
