using AgentMarketplace.Deployment.Deployments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentMarketplace.Deployment.Tests.Deployments;

/// <summary>The auto-updater's queue of agents to look at soon: a caller repeating itself cannot grow it.</summary>
public sealed class AutoUpdaterQueueTests
{
    [Fact]
    public void An_agent_asked_for_again_and_again_waits_in_the_queue_once()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        // Not started: nothing takes agents off the queue.
        var updater = new AutoUpdater(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<AutoUpdater>.Instance);
        var (often, once) = (Guid.NewGuid(), Guid.NewGuid());

        for (var i = 0; i < 1_000; i++)
        {
            updater.LookSoon(often);
        }

        updater.LookSoon(once);
        Assert.Equal(2, updater.Waiting);
    }
}
