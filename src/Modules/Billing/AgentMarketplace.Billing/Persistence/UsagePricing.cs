using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Marketplace.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>
/// How usage becomes money, written once in SQL and used by billing runs and usage reports alike.
/// Each event is priced by the listing's plan in force when it happened: per_call × calls; per_unit ×
/// units, or graduated tiers over the (user, agent) period total; subscription = the monthly fee plus
/// units beyond the included ones at the unit price; free and unlisted agents cost nothing. Prices are
/// whole minor units per call or unit, so every amount is an exact integer and nothing is rounded.
/// </summary>
internal sealed class UsagePricing(BillingDbContext db, IMediator mediator, IOptions<BillingOptions> options)
{
    /// <summary>The period's prices as two temporary tables the invoice SQL joins: price segments and graduated tiers.</summary>
    public async Task StagePricesAsync(IReadOnlyList<PriceSchedule> schedules, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var segments = new List<(Guid Agent, Guid Publisher, string Name, DateTimeOffset From, DateTimeOffset To, PricePeriod Price)>();
        foreach (var schedule in schedules)
        {
            for (var i = 0; i < schedule.Prices.Count; i++)
            {
                var price = schedule.Prices[i];
                var from = price.EffectiveFrom < start ? start : price.EffectiveFrom;
                var to = i + 1 < schedule.Prices.Count ? schedule.Prices[i + 1].EffectiveFrom : end;
                if (from < to && string.Equals(price.Currency, options.Value.Currency, StringComparison.OrdinalIgnoreCase))
                {
                    segments.Add((schedule.AgentId, schedule.PublisherId, schedule.AgentName, from, to, price));
                }
            }
        }

        var tiers = segments.Where(s => s.Price.Tiers is { Count: > 0 })
            .SelectMany(s => s.Price.Tiers!.Select((t, i) => (s.Agent, s.From, Lower: i == 0 ? 0 : s.Price.Tiers![i - 1].UpTo!.Value, t.UpTo, t.UnitPriceCents)))
            .ToList();
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE billing_segments (agent_id uuid, publisher_id uuid, agent_name text, seg_start timestamptz, seg_end timestamptz,
                model text, unit_price bigint, monthly_fee bigint, included_units bigint) ON COMMIT DROP;
            CREATE TEMP TABLE billing_tiers (agent_id uuid, seg_start timestamptz, lower_units bigint, upper_units bigint, unit_price bigint) ON COMMIT DROP;
            INSERT INTO billing_segments SELECT * FROM unnest(@agents, @publishers, @names, @froms, @tos, @models, @unitPrices, @fees, @included);
            INSERT INTO billing_tiers SELECT * FROM unnest(@tierAgents, @tierFroms, @lowers, @uppers, @tierPrices);
            """,
            [
                SqlArrays.Parameter("agents", segments.Select(s => s.Agent), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("publishers", segments.Select(s => s.Publisher), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("names", segments.Select(s => s.Name), NpgsqlDbType.Text),
                SqlArrays.Parameter("froms", segments.Select(s => s.From), NpgsqlDbType.TimestampTz),
                SqlArrays.Parameter("tos", segments.Select(s => s.To), NpgsqlDbType.TimestampTz),
                SqlArrays.Parameter("models", segments.Select(s => s.Price.Model), NpgsqlDbType.Text),
                SqlArrays.Parameter("unitPrices", segments.Select(s => s.Price.UnitPriceCents), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("fees", segments.Select(s => s.Price.MonthlyFeeCents), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("included", segments.Select(s => s.Price.IncludedUnits), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("tierAgents", tiers.Select(t => t.Agent), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("tierFroms", tiers.Select(t => t.From), NpgsqlDbType.TimestampTz),
                SqlArrays.Parameter("lowers", tiers.Select(t => t.Lower), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("uppers", tiers.Select(t => t.UpTo), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("tierPrices", tiers.Select(t => t.UnitPriceCents), NpgsqlDbType.Bigint),
            ], ct);
    }

    /// <summary>
    /// Creates the temporary table billing_lines (user, agent, publisher, description, quantity, unit
    /// price, amount) for the period's billable usage, of one user or all; call inside a transaction,
    /// after <see cref="StagePricesAsync"/>.
    /// </summary>
    public async Task StageLinesAsync(DateTimeOffset start, DateTimeOffset end, Guid? userId, CancellationToken ct)
    {
        NpgsqlParameter[] parameters =
        [
            new("start", start), new("end", end), new("user", NpgsqlDbType.Uuid) { Value = (object?)userId ?? DBNull.Value },
        ];
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMP TABLE billing_lines ON COMMIT DROP AS
            WITH used AS (
                SELECT u.user_id, s.agent_id, s.seg_start, s.publisher_id, s.agent_name, s.model, s.unit_price, s.monthly_fee, s.included_units,
                       count(*) AS calls, sum(u.units) AS units
                  FROM billing.usage_events u
                  JOIN billing_segments s ON s.agent_id = u.agent_id AND u.occurred_at >= s.seg_start AND u.occurred_at < s.seg_end
                 WHERE u.billable AND u.occurred_at >= @start AND u.occurred_at < @end AND (@user::uuid IS NULL OR u.user_id = @user)
                 GROUP BY u.user_id, s.agent_id, s.seg_start, s.publisher_id, s.agent_name, s.model, s.unit_price, s.monthly_fee, s.included_units),
            priced AS (
                SELECT user_id, agent_id, publisher_id, 1 AS part, agent_name || ': calls' AS description, calls AS quantity, unit_price
                  FROM used WHERE model = 'per_call'
                UNION ALL
                SELECT user_id, agent_id, publisher_id, 1, agent_name || ': units', units, unit_price
                  FROM used WHERE model = 'per_unit' AND unit_price IS NOT NULL
                UNION ALL
                SELECT u.user_id, u.agent_id, u.publisher_id, 1 + t.lower_units,
                       u.agent_name || ': units ' || (t.lower_units + 1) || coalesce('–' || t.upper_units, '+'),
                       greatest(0, least(u.units, coalesce(t.upper_units, u.units)) - t.lower_units), t.unit_price
                  FROM used u JOIN billing_tiers t ON t.agent_id = u.agent_id AND t.seg_start = u.seg_start
                 WHERE u.model = 'per_unit'
                UNION ALL
                SELECT user_id, agent_id, publisher_id, 1, agent_name || ': monthly subscription', 1, monthly_fee
                  FROM used WHERE model = 'subscription'
                UNION ALL
                SELECT user_id, agent_id, publisher_id, 2, agent_name || ': units beyond the ' || included_units || ' included',
                       units - included_units, unit_price
                  FROM used WHERE model = 'subscription' AND units > included_units)
            SELECT user_id, agent_id, publisher_id, part, description, quantity, unit_price, quantity * unit_price AS amount
              FROM priced WHERE quantity * unit_price > 0;
            """, parameters, ct);
    }

    /// <summary>What the user's usage in [start, end) costs per agent, as an invoice for that range would charge it.</summary>
    public async Task<Dictionary<Guid, long>> AmountsByAgentAsync(Guid userId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        var agents = await db.Usage.Where(u => u.UserId == userId && u.Billable && u.OccurredAt >= start && u.OccurredAt < end)
            .Select(u => u.AgentId).Distinct().ToListAsync(ct);
        if (agents.Count == 0)
        {
            return [];
        }

        var schedules = await mediator.Send(new GetPriceSchedules(agents, start, end), ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await StagePricesAsync(schedules, start, end, ct);
            await StageLinesAsync(start, end, userId, ct);
            var amounts = new Dictionary<Guid, long>();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = "SELECT agent_id, sum(amount)::bigint FROM billing_lines GROUP BY agent_id";
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    amounts[reader.GetGuid(0)] = reader.GetInt64(1);
                }
            }

            await transaction.RollbackAsync(ct);
            return amounts;
        });
    }
}
