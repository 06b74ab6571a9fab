using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Operations.Persistence;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Operations.Analytics;

internal sealed record AnalyticsQuery(DateOnly? From, DateOnly? To, string? GroupBy);

internal sealed record DayFigures(DateOnly Day, long Invocations, long Errors, double ErrorRate, long GrossCents, long PlatformFeeCents, long NetCents);

internal sealed record AgentFigure(Guid AgentId, long Invocations, long GrossCents);

internal sealed record UserFigures(long New, long Active);

internal sealed record DeploymentFigures(int Active, IReadOnlyDictionary<string, int> ByEnvironment);

internal sealed record AnalyticsReport(
    DateOnly From, DateOnly To, UserFigures? Users, AgentCounts Agents, DeploymentFigures Deployments,
    DayFigures Totals, IReadOnlyList<DayFigures> Days, IReadOnlyList<AgentFigure> TopAgentsByInvocations,
    IReadOnlyList<AgentFigure> TopAgentsByRevenue);

/// <summary>
/// Analytics from the daily roll-ups (a few rows per day), plus current counts asked of the Registry
/// and Deployment. Admins see the platform; a publisher sees its own agents only.
/// </summary>
internal sealed class AnalyticsReports(OperationsDbContext db, IMediator mediator, TimeProvider clock)
{
    public const int MaxDays = 366;
    private const int TopAgents = 10;

    public async Task<Result<AnalyticsReport>> PlatformAsync(AnalyticsQuery query, CancellationToken ct)
    {
        if (Range(query) is not ({ } from, { } to) range)
        {
            return RangeError(query);
        }

        var days = await db.DailyTotals.AsNoTracking().Where(d => d.Day >= from && d.Day <= to)
            .Select(d => new DayFigures(d.Day, d.Invocations, d.Errors, 0, d.GrossCents, d.PlatformFeeCents, d.NetCents)).ToListAsync(ct);
        var newUsers = await db.DailyTotals.Where(d => d.Day >= from && d.Day <= to).SumAsync(d => d.NewUsers, ct);
        var active = await RollupStatements.CountActiveUsersAsync(db, from, to, ct);
        var deployments = await mediator.Send(new CountActiveDeployments(null), ct);
        return await ReportAsync(range, new UserFigures(newUsers, active), await mediator.Send(new CountAgents(null), ct), deployments,
            days, db.DailyAgentTotals.AsNoTracking(), ct);
    }

    public async Task<Result<AnalyticsReport>> PublisherAsync(Guid publisherId, AnalyticsQuery query, CancellationToken ct)
    {
        if (Range(query) is not ({ } from, { } to) range)
        {
            return RangeError(query);
        }

        var agentIds = await db.AgentOwners.Where(o => o.PublisherId == publisherId).Select(o => o.AgentId).ToListAsync(ct);
        var mine = db.DailyAgentTotals.AsNoTracking().Where(d => agentIds.Contains(d.AgentId));
        var days = await mine.Where(d => d.Day >= from && d.Day <= to).GroupBy(d => d.Day)
            .Select(g => new DayFigures(g.Key, g.Sum(d => d.Invocations), g.Sum(d => d.Errors), 0,
                g.Sum(d => d.GrossCents), g.Sum(d => d.PlatformFeeCents), g.Sum(d => d.NetCents)))
            .ToListAsync(ct);
        var deployments = await mediator.Send(new CountActiveDeployments(agentIds), ct);
        return await ReportAsync(range, null, await mediator.Send(new CountAgents(publisherId), ct), deployments, days, mine, ct);
    }

    private async Task<AnalyticsReport> ReportAsync(
        (DateOnly From, DateOnly To) range, UserFigures? users, AgentCounts agents, IReadOnlyDictionary<string, int> deployments,
        List<DayFigures> days, IQueryable<DailyAgentTotals> agentDays, CancellationToken ct)
    {
        var inRange = agentDays.Where(d => d.Day >= range.From && d.Day <= range.To);
        var byAgent = inRange.GroupBy(d => d.AgentId)
            .Select(g => new { AgentId = g.Key, Invocations = g.Sum(d => d.Invocations), GrossCents = g.Sum(d => d.GrossCents) });
        var topByInvocations = (await byAgent.Where(a => a.Invocations > 0).OrderByDescending(a => a.Invocations).ThenBy(a => a.AgentId)
            .Take(TopAgents).ToListAsync(ct)).Select(a => new AgentFigure(a.AgentId, a.Invocations, a.GrossCents)).ToList();
        var topByRevenue = (await byAgent.Where(a => a.GrossCents > 0).OrderByDescending(a => a.GrossCents).ThenBy(a => a.AgentId)
            .Take(TopAgents).ToListAsync(ct)).Select(a => new AgentFigure(a.AgentId, a.Invocations, a.GrossCents)).ToList();

        // Every day of the range appears, with zeros where nothing happened.
        var known = days.ToDictionary(d => d.Day);
        var series = Enumerable.Range(0, range.To.DayNumber - range.From.DayNumber + 1)
            .Select(offset => range.From.AddDays(offset))
            .Select(day => WithRate(known.GetValueOrDefault(day) ?? new DayFigures(day, 0, 0, 0, 0, 0, 0)))
            .ToList();
        var totals = WithRate(new DayFigures(range.To, series.Sum(d => d.Invocations), series.Sum(d => d.Errors), 0,
            series.Sum(d => d.GrossCents), series.Sum(d => d.PlatformFeeCents), series.Sum(d => d.NetCents)));
        return new AnalyticsReport(range.From, range.To, users, agents,
            new DeploymentFigures(deployments.Values.Sum(), deployments), totals, series, topByInvocations, topByRevenue);
    }

    private static DayFigures WithRate(DayFigures day) =>
        day with { ErrorRate = day.Invocations == 0 ? 0 : Math.Round((double)day.Errors / day.Invocations, 4) };

    /// <summary>The inclusive range of UTC days asked for (default: the last 30), or null when it is not a valid one.</summary>
    private (DateOnly From, DateOnly To)? Range(AnalyticsQuery query)
    {
        var to = query.To ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var from = query.From ?? to.AddDays(-29);
        var valid = from <= to && to.DayNumber - from.DayNumber < MaxDays && query.GroupBy is null or "day";
        return valid ? (from, to) : null;
    }

    private static DomainError RangeError(AnalyticsQuery query) => query.GroupBy is not (null or "day")
        ? DomainError.Invalid("groupBy", "'groupBy' can only be 'day'.")
        : DomainError.Invalid("from", $"'from' must not be after 'to', and the range is at most {MaxDays} days.");
}
