using System.Buffers.Binary;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry.Verification;

/// <summary>When a version is verified again after a verification: each at its own time of day.</summary>
internal static class ReverificationSchedule
{
    /// <summary>
    /// Verified: one interval later, give or take a tenth (a fixed offset per version, so versions published
    /// together do not come due together); failing: after the retry delay; anything else is not scheduled.
    /// </summary>
    public static DateTimeOffset? Next(AgentVersion version, DateTimeOffset verifiedAt, RegistryOptions options) => version.Status switch
    {
        VersionStatus.Verified => verifiedAt + TimeSpan.FromHours(options.ReverificationIntervalHours) * (0.9 + 0.2 * Jitter(version.Id)),
        VersionStatus.Failing => verifiedAt + TimeSpan.FromMinutes(options.ReverificationRetryMinutes),
        _ => null,
    };

    /// <summary>A number in [0, 1) fixed for the version.</summary>
    private static double Jitter(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes);
        return (BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) >> 11) / (double)(1UL << 53);
    }
}

/// <summary>
/// The scheduled re-verification (`registry.reverification`): every sweep it verifies the versions whose
/// time has come (<see cref="AgentVersion.NextReverificationAt"/>), oldest first, one after the other —
/// each agent's latest version, verified or failing (a version that is no longer its agent's latest is
/// put off an interval). It records `lastVerifiedAt` and drift like a publisher's verification, and counts
/// against the publisher's verifications per hour: a publisher with none left is put off until one comes
/// back. The scheduler runs a sweep on one instance; the version's claim keeps a publisher's verification
/// of the same version from running beside it.
/// </summary>
internal sealed class Reverification(
    IServiceScopeFactory scopes, IOptions<RegistryOptions> options, TimeProvider clock, ILogger<Reverification> logger) : IScheduledJob
{
    public string Name => "registry.reverification";

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.ReverificationSweepSeconds);

    public async Task RunAsync(CancellationToken ct) => await SweepAsync(ct);

    /// <summary>Verifies the versions due now; returns how many it verified.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<RegistryDbContext>().Versions.AsNoTracking()
                .Where(v => v.NextReverificationAt != null && v.NextReverificationAt <= now)
                .OrderBy(v => v.NextReverificationAt)
                .Select(v => v.Id)
                .Take(settings.ReverificationsPerSweep)
                .ToListAsync(ct);
        }

        var verified = 0;
        foreach (var id in due)
        {
            ct.ThrowIfCancellationRequested();
            await using var scope = scopes.CreateAsyncScope();
            verified += await ReverifyAsync(scope.ServiceProvider, id, ct) ? 1 : 0;
        }

        return verified;
    }

    private async Task<bool> ReverifyAsync(IServiceProvider services, Guid versionId, CancellationToken ct)
    {
        var db = services.GetRequiredService<RegistryDbContext>();
        var version = await db.Versions.FirstOrDefaultAsync(v => v.Id == versionId, ct);
        var agent = version is null ? null : await db.Agents.AsNoTracking().Include(a => a.Versions).FirstOrDefaultAsync(a => a.Id == version.AgentId, ct);
        if (version is null || agent is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (!version.IsPublic || version.IsDeprecated || AgentRegistry.LatestPublicVersion(agent.Versions) != version.Version)
        {
            // Not its agent's latest now: looked at again later, in case it is then.
            version.NextReverificationAt = version.IsPublic && !version.IsDeprecated
                ? now + TimeSpan.FromHours(options.Value.ReverificationIntervalHours)
                : null;
            await db.SaveChangesAsync(ct);
            return false;
        }

        var outcome = await services.GetRequiredService<CapabilityVerifier>().ReverifyAsync(version, agent.OwnerId);
        if (outcome.Error is { Kind: ErrorKind.TooManyRequests } refused)
        {
            await PutOffAsync(db, versionId, now + (refused.RetryAfter ?? TimeSpan.FromMinutes(1)), ct);
            return false;
        }

        if (outcome.Error is { } error)
        {
            // Another verification of it is running (it records its own outcome): try again after the sweep interval.
            logger.LogInformation("Re-verification of {AgentId} {Version} put off: {Reason}", agent.Id, version.Version, error.Detail);
            await PutOffAsync(db, versionId, now + Interval, ct);
            return false;
        }

        return true;
    }

    private static Task PutOffAsync(RegistryDbContext db, Guid versionId, DateTimeOffset until, CancellationToken ct) =>
        db.Versions.Where(v => v.Id == versionId).ExecuteUpdateAsync(v => v.SetProperty(x => x.NextReverificationAt, until), ct);
}
