using System.Threading.RateLimiting;
using AgentMarketplace.BuildingBlocks.Domain;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry.Verification;

/// <summary>
/// Keeps verification from being an amplifier: a verify of a version already being verified here joins
/// that run and gets its report, and each publisher may start only so many per hour
/// (<see cref="RegistryOptions.VerificationsPerHour"/>, a token bucket refilled evenly). Across
/// instances, the version's claim (<see cref="Persistence.AgentVersion.VerifyingUntil"/>) keeps a second run out.
/// </summary>
internal sealed class VerificationFlights : IDisposable
{
    private readonly Dictionary<Guid, Lazy<Task<Result<VerificationReport>>>> _running = [];
    private readonly Lock _gate = new();
    private readonly PartitionedRateLimiter<Guid> _perPublisher;

    public VerificationFlights(IOptions<RegistryOptions> options)
    {
        var perHour = options.Value.VerificationsPerHour;
        _perPublisher = PartitionedRateLimiter.Create<Guid, Guid>(publisher => RateLimitPartition.GetTokenBucketLimiter(publisher,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perHour,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromHours(1) / perHour,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>
    /// The report of the run of <paramref name="versionId"/> in progress here, or of a new one started with
    /// <paramref name="run"/>. The run is handed the check that counts a verification against
    /// <paramref name="publisherId"/> (null: not limited) and refuses one past the hour's limit; it calls it once it
    /// holds the version, so a run another instance has under way (409) costs the publisher nothing.
    /// </summary>
    public async Task<Result<VerificationReport>> RunOnceAsync(
        Guid versionId, Guid? publisherId, Func<Func<DomainError?>, Task<Result<VerificationReport>>> run)
    {
        Lazy<Task<Result<VerificationReport>>> flight;
        var started = false;
        lock (_gate)
        {
            if (!_running.TryGetValue(versionId, out flight!))
            {
                flight = new Lazy<Task<Result<VerificationReport>>>(() => run(() => publisherId is { } publisher ? Refuse(publisher) : null));
                _running[versionId] = flight;
                started = true;
            }
        }

        try
        {
            return await flight.Value;
        }
        finally
        {
            if (started)
            {
                lock (_gate)
                {
                    _running.Remove(versionId);
                }
            }
        }
    }

    /// <summary>Why <paramref name="publisher"/> may not start another verification now, or null (a verification counted).</summary>
    private DomainError? Refuse(Guid publisher)
    {
        using var lease = _perPublisher.AttemptAcquire(publisher);
        if (lease.IsAcquired)
        {
            return null;
        }

        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        return new DomainError(ErrorKind.TooManyRequests,
            "This publisher has started as many verifications as it may this hour; try again later.",
            RetryAfter: retryAfter > TimeSpan.Zero ? retryAfter : TimeSpan.FromMinutes(1));
    }

    public void Dispose() => _perPublisher.Dispose();
}
