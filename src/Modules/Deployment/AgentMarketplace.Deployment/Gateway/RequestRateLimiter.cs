using System.Threading.RateLimiting;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// Requests per minute per user, in this process. The partition includes the limit, so a changed
/// quota takes effect on the next call.
/// </summary>
internal sealed class RequestRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<(Guid User, int PerMinute)> _limiter =
        PartitionedRateLimiter.Create<(Guid User, int PerMinute), (Guid, int)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.PerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

    /// <summary>Null when admitted; otherwise how long until the window opens again.</summary>
    public TimeSpan? TryAcquire(Guid userId, int perMinute)
    {
        using var lease = _limiter.AttemptAcquire((userId, perMinute));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();
}
