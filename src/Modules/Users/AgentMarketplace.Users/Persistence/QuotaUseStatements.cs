using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Users.Persistence;

/// <summary>
/// The statements that move a month's use: month rows locked in key order (as lease renewals lock
/// them, so neither can deadlock the other), then calls and spend added — a subscription's spend worked
/// out from its month's units so far: the fee if the month of that agent begins, and the price of the
/// units past those included. Each statement of a batch gets its own parameters.
/// </summary>
internal static class QuotaUseStatements
{
    private const string Uses = "unnest(@users, @months, @calls, @spend, @reserved) AS u(user_id, month, calls, spend, reserved)";

    private const string Subscriptions = """
        SELECT user_id, month, agent_id, sum(units) AS units, max(fee) AS fee, max(included) AS included, max(price) AS price
          FROM unnest(@s_users, @s_months, @s_agents, @s_units, @s_fees, @s_included, @s_prices)
               AS s(user_id, month, agent_id, units, fee, included, price)
         GROUP BY user_id, month, agent_id
        """;

    /// <summary>Uses summed per user and month; subscriptions kept apart, per agent.</summary>
    public static (List<QuotaUse> PerMonth, List<QuotaUse> Subscribed) Group(IEnumerable<QuotaUse> uses)
    {
        var all = uses.ToList();
        var perMonth = all
            .GroupBy(u => (u.UserId, u.Month))
            .Select(g => new QuotaUse(g.Key.UserId, g.Key.Month,
                checked(g.Sum(u => u.Calls)), checked(g.Sum(u => u.SpendCents)), checked(g.Sum(u => u.ReservedCents))))
            .OrderBy(u => u.UserId).ThenBy(u => u.Month)
            .ToList();
        return (perMonth, all.Where(u => u.Subscription is not null).ToList());
    }

    /// <summary>Creates the month rows that do not exist yet (a lease renewal creates them for the gateway).</summary>
    public static void AddMonths(WriteBatch writes, List<QuotaUse> perMonth) =>
        writes.Add($"""
            INSERT INTO users.quota_usage (user_id, month, calls, spend_cents)
            SELECT user_id, month, 0, 0 FROM {Uses} ORDER BY user_id, month ON CONFLICT DO NOTHING
            """, UseParameters(perMonth));

    public static void AddLocks(WriteBatch writes, List<QuotaUse> perMonth) =>
        writes.Add($"""
            SELECT 1 FROM users.quota_usage q JOIN {Uses} ON q.user_id = u.user_id AND q.month = u.month
             ORDER BY q.user_id, q.month FOR UPDATE OF q
            """, UseParameters(perMonth));

    /// <summary>
    /// Adds the uses to their months. With <paramref name="plans"/>, as a condition of the batch: only if
    /// each user's spend, with what every live lease holds, stays within their limit — read in the same
    /// statement (the user's override, else their plan's limit), so on the batch's own connection.
    /// </summary>
    public static void AddUse(
        WriteBatch writes, List<QuotaUse> perMonth, List<QuotaUse> subscribed, DateTimeOffset now, SpendLimitPlans? plans = null)
    {
        var spend = subscribed.Count == 0
            ? $"SELECT user_id, month, calls, spend FROM {Uses}"
            : $"""
              SELECT user_id, month, calls, spend FROM {Uses}
              UNION ALL
              SELECT s.user_id, s.month, 0,
                     CASE WHEN up.fresh THEN s.fee ELSE 0 END
                     + s.price * (greatest(0, up.after - s.included) - greatest(0, up.after - s.units - s.included))
                FROM subscribed s JOIN upserted up USING (user_id, month, agent_id)
              """;
        var with = subscribed.Count == 0 ? "" : $"""
            WITH subscribed AS ({Subscriptions}),
            upserted AS (
                INSERT INTO users.quota_subscriptions AS q (user_id, month, agent_id, units)
                SELECT user_id, month, agent_id, units FROM subscribed ORDER BY user_id, month, agent_id
                ON CONFLICT (user_id, month, agent_id) DO UPDATE SET units = q.units + EXCLUDED.units
                RETURNING q.user_id, q.month, q.agent_id, q.units AS after, q.xmax = 0 AS fresh)
            """;
        var withinLimit = plans is null ? "" : """
             AND q.spend_cents + t.spend + coalesce((SELECT sum(l.spend_cents) FROM users.quota_leases l
                  WHERE l.user_id = q.user_id AND l.month = q.month AND l.expires_at > @now), 0)
                 <= (SELECT coalesce(u.monthly_spend_limit_cents_override,
                                     (SELECT p.cents FROM unnest(@plan_names, @plan_cents) AS p(name, cents) WHERE p.name = lower(u.plan)),
                                     @default_cents)
                       FROM users.users u WHERE u.id = q.user_id)
            """;
        var sql = $"""
            {with}
            UPDATE users.quota_usage q SET calls = q.calls + t.calls, spend_cents = q.spend_cents + t.spend
              FROM (SELECT user_id, month, sum(calls) AS calls, sum(spend) AS spend FROM ({spend}) AS each GROUP BY user_id, month) AS t
             WHERE q.user_id = t.user_id AND q.month = t.month{withinLimit}
            """;
        List<NpgsqlParameter> parameters = [.. UseParameters(perMonth), .. SubscriptionParameters(subscribed)];
        if (plans is null)
        {
            writes.Add(sql, parameters);
            return;
        }

        parameters.Add(new NpgsqlParameter("now", now));
        parameters.Add(SqlArrays.Parameter("plan_names", plans.Names, NpgsqlDbType.Text));
        parameters.Add(SqlArrays.Parameter("plan_cents", plans.Cents, NpgsqlDbType.Bigint));
        parameters.Add(new NpgsqlParameter("default_cents", plans.DefaultCents));
        writes.AddCondition(sql, perMonth.Count, "The usage would take a consumer past its monthly spend limit.", parameters);
    }

    /// <summary>The holder's lease gives up what its calls reserved: they are used now, not held.</summary>
    public static void AddLeaseRelease(WriteBatch writes, List<QuotaUse> perMonth, Guid holder, DateTimeOffset expires)
    {
        IEnumerable<NpgsqlParameter> Parameters() =>
            [.. UseParameters(perMonth), new NpgsqlParameter("holder", holder), new NpgsqlParameter("expires", expires)];
        writes.Add($"""
            SELECT 1 FROM users.quota_leases l JOIN {Uses} ON l.user_id = u.user_id AND l.month = u.month
             WHERE l.holder = @holder ORDER BY l.user_id, l.month FOR UPDATE OF l
            """, Parameters());
        writes.Add($"""
            UPDATE users.quota_leases l
               SET calls = greatest(0, l.calls - u.calls), spend_cents = greatest(0, l.spend_cents - u.reserved), expires_at = @expires
              FROM {Uses} WHERE l.holder = @holder AND l.user_id = u.user_id AND l.month = u.month
            """, Parameters());
    }

    private static NpgsqlParameter[] UseParameters(List<QuotaUse> perMonth) =>
    [
        SqlArrays.Parameter("users", perMonth.ConvertAll(u => u.UserId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("months", perMonth.ConvertAll(u => u.Month), NpgsqlDbType.Date),
        SqlArrays.Parameter("calls", perMonth.ConvertAll(u => u.Calls), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("spend", perMonth.ConvertAll(u => u.SpendCents), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("reserved", perMonth.ConvertAll(u => u.ReservedCents), NpgsqlDbType.Bigint),
    ];

    private static NpgsqlParameter[] SubscriptionParameters(List<QuotaUse> subscribed) => subscribed.Count == 0 ? [] :
    [
        SqlArrays.Parameter("s_users", subscribed.ConvertAll(u => u.UserId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("s_months", subscribed.ConvertAll(u => u.Month), NpgsqlDbType.Date),
        SqlArrays.Parameter("s_agents", subscribed.ConvertAll(u => u.Subscription!.AgentId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("s_units", subscribed.ConvertAll(u => u.Subscription!.Units), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("s_fees", subscribed.ConvertAll(u => u.Subscription!.MonthlyFeeCents), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("s_included", subscribed.ConvertAll(u => u.Subscription!.IncludedUnits), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("s_prices", subscribed.ConvertAll(u => u.Subscription!.UnitPriceCents), NpgsqlDbType.Bigint),
    ];
}

/// <summary>Each plan's monthly spend limit (names lower-case, as plans are matched), and the default plan's.</summary>
internal sealed record SpendLimitPlans(string[] Names, long[] Cents, long DefaultCents);
