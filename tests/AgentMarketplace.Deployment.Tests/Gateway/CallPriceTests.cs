using AgentMarketplace.Deployment.Gateway;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Users.Contracts;

namespace AgentMarketplace.Deployment.Tests.Gateway;

/// <summary>What one call may cost: reserved before it runs, charged after, and how it counts against the caller's month.</summary>
public sealed class CallPriceTests
{
    private const long MaxPricedUnits = 100;
    private const long MaxRecordedUnits = 1_000_000_000;
    private static readonly DateTimeOffset January = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Month = new(2026, 1, 1);
    private static readonly Guid User = Guid.NewGuid();
    private static readonly Guid Agent = Guid.NewGuid();

    private static CallPrice PerCall(long cents) => new(new PricePeriod(January, "per_call", "USD", cents, null, null, null));

    private static CallPrice PerUnit(long cents, params PriceTierTerms[] tiers) =>
        new(new PricePeriod(January, "per_unit", "USD", tiers.Length == 0 ? cents : null, null, null, tiers.Length == 0 ? null : tiers));

    private static CallPrice Subscription(long fee, long included, long unitCents) =>
        new(new PricePeriod(January, "subscription", "USD", unitCents, fee, included, null));

    [Fact]
    public void A_free_call_reserves_and_costs_nothing_and_keeps_the_units_claimed()
    {
        Assert.Equal(0, CallPrice.Free.ReserveCents(MaxPricedUnits, feeDue: true));
        Assert.Equal(5_000, CallPrice.Free.ChargedUnits(5_000, MaxPricedUnits, MaxRecordedUnits));
        Assert.Equal(new QuotaUse(User, Month, 1, 0, 0), CallPrice.Free.Use(User, Month, Agent, 5_000, 0));
    }

    [Fact]
    public void A_per_call_price_is_reserved_and_charged_whatever_the_units()
    {
        var price = PerCall(7);

        Assert.Equal(7, price.ReserveCents(MaxPricedUnits, feeDue: false));
        Assert.Equal(500, price.ChargedUnits(500, MaxPricedUnits, MaxRecordedUnits)); // units are not priced: not capped at the reservation
        Assert.Equal(new QuotaUse(User, Month, 1, 7, 7), price.Use(User, Month, Agent, 500, 7));
    }

    [Fact]
    public void A_per_unit_call_reserves_the_most_units_at_the_highest_price_and_is_charged_no_more_than_reserved()
    {
        var price = PerUnit(3);

        Assert.Equal(300, price.ReserveCents(MaxPricedUnits, feeDue: false));
        Assert.Equal(MaxPricedUnits, price.ChargedUnits(5_000, MaxPricedUnits, MaxRecordedUnits));
        Assert.Equal(new QuotaUse(User, Month, 1, 12, 300), price.Use(User, Month, Agent, 4, 300));
    }

    [Fact]
    public void A_graduated_plan_reserves_at_its_highest_tier()
    {
        var price = PerUnit(0, new PriceTierTerms(10, 5), new PriceTierTerms(null, 2));

        Assert.Equal(500, price.ReserveCents(MaxPricedUnits, feeDue: false));
    }

    [Fact]
    public void A_subscription_reserves_its_fee_only_until_the_month_has_begun_and_leaves_the_cost_to_users()
    {
        var price = Subscription(fee: 1_000, included: 50, unitCents: 2);

        Assert.True(price.IsSubscription);
        Assert.Equal(1_000 + 200, price.ReserveCents(MaxPricedUnits, feeDue: true));
        Assert.Equal(200, price.ReserveCents(MaxPricedUnits, feeDue: false));
        Assert.Equal(new QuotaUse(User, Month, 1, 0, 200, new SubscriptionUse(Agent, 30, 1_000, 50, 2)), price.Use(User, Month, Agent, 30, 200));
    }

    [Fact]
    public void An_agents_prices_are_the_plan_in_force_at_each_instant()
    {
        var later = January.AddDays(14);
        var prices = new AgentPrices([
            new PricePeriod(January, "per_call", "USD", 1, null, null, null),
            new PricePeriod(later, "per_call", "USD", 2, null, null, null),
        ]);

        Assert.Same(CallPrice.Free, prices.At(January.AddTicks(-1)));
        Assert.Equal(1, prices.At(later.AddTicks(-1)).ReserveCents(MaxPricedUnits, false));
        Assert.Equal(2, prices.At(later).ReserveCents(MaxPricedUnits, false));
        Assert.Same(CallPrice.Free, new AgentPrices([]).At(later));
    }
}
