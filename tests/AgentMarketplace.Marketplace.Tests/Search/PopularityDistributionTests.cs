using AgentMarketplace.Marketplace.Search;

namespace AgentMarketplace.Marketplace.Tests.Search;

public sealed class PopularityDistributionTests
{
    // Ten buckets of 10% each between 0 and 1,000 (no common values): popularity spread evenly.
    private static readonly PopularityDistribution Even = new([], [], Enumerable.Range(0, 11).Select(i => i * 100L).ToArray());

    // 12.5% never used (0), 37.5% used once; the other half in four buckets: 2–10, 10–100, 100–1,000, 1,000–10,000.
    private static readonly PopularityDistribution LongTailed = new([0, 1], [0.125f, 0.375f], [2, 10, 100, 1_000, 10_000]);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(100, 0.9)]
    [InlineData(900, 0.1)]
    [InlineData(950, 0.05)]
    [InlineData(1_000, 0.0)]
    [InlineData(5_000, 0.0)]
    public void An_even_histogram_gives_the_share_above_by_its_buckets(long popularity, double share)
    {
        Assert.Equal(share, Even.ShareAtLeast(popularity), precision: 6);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(1, 0.875)]
    [InlineData(2, 0.5)]
    [InlineData(10, 0.375)]
    [InlineData(55, 0.3125)]
    [InlineData(1_000, 0.125)]
    public void Common_values_count_whole_and_the_histogram_shares_what_they_leave(long popularity, double share)
    {
        Assert.Equal(share, LongTailed.ShareAtLeast(popularity), precision: 5);
    }

    [Theory]
    [InlineData(0.1, 900L)]
    [InlineData(0.25, 700L)]
    [InlineData(0.5, 500L)]
    [InlineData(0.9, 100L)]
    public void The_floor_is_the_highest_known_popularity_the_share_reaches(double share, long floor)
    {
        Assert.Equal(floor, Even.FloorKeeping(share));
        Assert.True(Even.ShareAtLeast(floor) >= share);
    }

    [Fact]
    public void A_floor_at_the_lowest_popularity_keeps_everything_and_is_none()
    {
        Assert.Null(Even.FloorKeeping(1.0));
        Assert.Null(Even.FloorKeeping(0.95));
        Assert.Null(LongTailed.FloorKeeping(0.95));
        Assert.Equal(1L, LongTailed.FloorKeeping(0.875));
        Assert.Equal(100L, LongTailed.FloorKeeping(0.25));
    }

    [Fact]
    public void Without_statistics_there_is_no_floor()
    {
        Assert.Null(new PopularityDistribution([], [], []).FloorKeeping(0.1));
        Assert.Equal(0, new PopularityDistribution([], [], []).ShareAtLeast(5));
    }

    [Fact]
    public void Only_common_values_are_enough_for_a_small_table()
    {
        var twelve = new PopularityDistribution(Enumerable.Range(0, 12).Select(i => (long)i).ToArray(), Enumerable.Repeat(1f / 12, 12).ToArray(), []);

        Assert.Equal(8L, twelve.FloorKeeping(4.0 / 12));
        Assert.Equal(4.0 / 12, twelve.ShareAtLeast(8), precision: 5);
    }
}
