using AgentMarketplace.Billing.Usage;

namespace AgentMarketplace.Billing.Tests.Usage;

/// <summary>An agent's amount split across its deployments by calls: exact parts that add up.</summary>
public sealed class AllocateTests
{
    [Fact]
    public void An_even_split_gives_equal_parts() => Assert.Equal([25, 25, 25, 25], ProportionalSplit.Allocate(100, [3, 3, 3, 3]));

    [Fact]
    public void Parts_follow_the_weights() => Assert.Equal([10, 30, 60], ProportionalSplit.Allocate(100, [1, 3, 6]));

    [Fact]
    public void Leftover_cents_go_to_the_largest_remainders()
    {
        // 100 × 1/3 = 33.33…, 100 × 2/3 = 66.66…: the one cent left goes to the larger remainder.
        Assert.Equal([33, 67], ProportionalSplit.Allocate(100, [1, 2]));
    }

    [Fact]
    public void Equal_remainders_go_to_the_earlier_parts() => Assert.Equal([4, 3, 3], ProportionalSplit.Allocate(10, [1, 1, 1]));

    [Fact]
    public void Nothing_to_split_or_no_weight_gives_zeros()
    {
        Assert.Equal([0, 0], ProportionalSplit.Allocate(0, [5, 7]));
        Assert.Equal([0, 0], ProportionalSplit.Allocate(100, [0, 0]));
        Assert.Empty(ProportionalSplit.Allocate(100, []));
    }

    [Fact]
    public void A_part_with_no_weight_gets_nothing() => Assert.Equal([0, 100, 0], ProportionalSplit.Allocate(100, [0, 4, 0]));

    [Fact]
    public void Large_amounts_and_weights_do_not_overflow()
    {
        var parts = ProportionalSplit.Allocate(long.MaxValue / 2, [long.MaxValue / 4, long.MaxValue / 4]);

        Assert.Equal(long.MaxValue / 2, parts.Sum());
        Assert.InRange(Math.Abs(parts[0] - parts[1]), 0, 1);
    }

    [Fact]
    public void Parts_always_add_up_and_stay_within_a_cent_of_the_exact_share()
    {
        var random = new Random(16);
        for (var round = 0; round < 500; round++)
        {
            var total = random.NextInt64(0, 1_000_000_000);
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.NextInt64(0, 10_000)).ToList();

            var parts = ProportionalSplit.Allocate(total, weights);

            var sum = weights.Sum();
            Assert.Equal(sum == 0 ? 0 : total, parts.Sum());
            for (var i = 0; i < parts.Length && sum > 0; i++)
            {
                var exact = (decimal)total * weights[i] / sum;
                Assert.InRange(parts[i], Math.Floor(exact), Math.Ceiling(exact));
            }
        }
    }
}
