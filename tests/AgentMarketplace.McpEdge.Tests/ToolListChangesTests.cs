using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.McpEdge.Server;

namespace AgentMarketplace.McpEdge.Tests;

public sealed class ToolListChangesTests
{
    [Fact]
    public void A_caller_holds_a_bounded_number_of_streams_and_a_closed_one_makes_room()
    {
        var changes = new ToolListChanges(new CacheInvalidation());
        var caller = Guid.NewGuid();
        var open = Enumerable.Range(0, ToolListChanges.MaxPerCaller).Select(_ => changes.Listen(caller)).ToList();

        Assert.All(open, Assert.NotNull);
        Assert.Null(changes.Listen(caller));
        Assert.NotNull(changes.Listen(Guid.NewGuid()));

        open[0]!.Dispose();

        Assert.NotNull(changes.Listen(caller));
    }
}
