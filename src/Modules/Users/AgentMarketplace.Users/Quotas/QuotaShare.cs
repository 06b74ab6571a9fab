using AgentMarketplace.Users.Contracts;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// One caller's share of their month in this process (<see cref="_calls"/>, <see cref="_cents"/>: leased
/// and not yet reported) and what of it is in flight (admitted, not yet reported or given back). Users'
/// copy of the share (the lease row) moves by the same changes, grants and reports, which commute: a
/// report applied there before here moves the share and what is in flight alike, so what is left to admit
/// is right either way. Thread-safe; <see cref="Renewing"/> lets one renewal at a time ask for more.
/// </summary>
internal sealed class QuotaShare
{
    /// <summary>The most calls one renewal asks for.</summary>
    public const long MaxAsk = 1024;

    /// <summary>Renewals this close together mean the share is too small: the next ask doubles.</summary>
    public static readonly TimeSpan GrowWithin = TimeSpan.FromSeconds(1);

    public readonly SemaphoreSlim Renewing = new(1, 1);
    private readonly Lock _lock = new();
    private DateOnly _month;
    private long _calls;
    private long _cents;
    private long _callsInFlight;
    private long _centsInFlight;
    private DateTimeOffset _renewBy;
    private DateTimeOffset _lastRenewed;
    private long _ask = 1;
    private UserQuota? _limits;

    public DateTimeOffset LastAdmitted { get; private set; }

    public bool Idle
    {
        get
        {
            lock (_lock)
            {
                return _callsInFlight == 0 && _calls == 0 && _cents == 0;
            }
        }
    }

    /// <summary>Admitted from what is left of the share; null when it must be renewed first (or has never been leased).</summary>
    public CallAdmission? TryAdmit(long reserveCents, DateTimeOffset now)
    {
        lock (_lock)
        {
            return _limits is null || now >= _renewBy || _month != MonthOf(now) ? null : AdmitFromShare(reserveCents, now);
        }
    }

    /// <summary>Doubles while renewals come within a second of each other; halves when they do not.</summary>
    public long NextAsk(DateTimeOffset now)
    {
        lock (_lock)
        {
            _ask = now - _lastRenewed < GrowWithin ? Math.Min(_ask * 2, MaxAsk) : Math.Max(_ask / 2, 1);
            _lastRenewed = now;
            return _ask;
        }
    }

    /// <summary>Applies a renewal's grant, and admits the call that asked for it if the share now covers it.</summary>
    public CallAdmission Renewed(QuotaLease lease, long reserveCents, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (lease.Limits is null)
            {
                return new CallAdmission(CallAdmissionOutcome.UnknownUser, lease.Month, null);
            }

            if (lease.Month != _month)
            {
                // A new month: calls still in flight count in the old one, and are reported there.
                (_calls, _cents, _callsInFlight, _centsInFlight, _month) = (0, 0, 0, 0, lease.Month);
            }
            else if (lease.Lapsed)
            {
                // Users let the share lapse (this process was silent too long): only the grant is ours now.
                (_calls, _cents) = (0, 0);
            }

            _calls += lease.GrantedCalls;
            _cents += lease.GrantedSpendCents;
            _limits = lease.Limits;
            _renewBy = now + (lease.ExpiresAt - now) / 2;
            return AdmitFromShare(reserveCents, now) ?? new CallAdmission(
                _calls - _callsInFlight < 1 ? CallAdmissionOutcome.CallsExhausted : CallAdmissionOutcome.SpendExhausted, _month, _limits);
        }
    }

    /// <summary>A call in flight ended: given back (<paramref name="reported"/> false) or counted as used, leaving the share.</summary>
    public void Finished(DateOnly month, long reservedCents, bool reported)
    {
        lock (_lock)
        {
            if (month != _month)
            {
                return;
            }

            _callsInFlight = Math.Max(0, _callsInFlight - 1);
            _centsInFlight = Math.Max(0, _centsInFlight - reservedCents);
            if (reported)
            {
                _calls--;
                _cents -= reservedCents;
            }
        }
    }

    /// <summary>Keeps only what the calls in flight need, and says what that gives back; null when nothing is unused.</summary>
    public (DateOnly Month, long Calls, long Cents)? TakeUnused()
    {
        lock (_lock)
        {
            var (calls, cents) = (Math.Max(0, _calls - _callsInFlight), Math.Max(0, _cents - _centsInFlight));
            if (calls == 0 && cents == 0)
            {
                return null;
            }

            _calls -= calls;
            _cents -= cents;
            return (_month, calls, cents);
        }
    }

    /// <summary>Under the lock: the call is in flight if what is left of the share covers it.</summary>
    private CallAdmission? AdmitFromShare(long reserveCents, DateTimeOffset now)
    {
        if (_calls - _callsInFlight < 1 || _cents - _centsInFlight < reserveCents)
        {
            return null;
        }

        _callsInFlight++;
        _centsInFlight += reserveCents;
        LastAdmitted = now;
        return new CallAdmission(CallAdmissionOutcome.Admitted, _month, _limits);
    }

    private static DateOnly MonthOf(DateTimeOffset now) => new(now.Year, now.Month, 1);
}
