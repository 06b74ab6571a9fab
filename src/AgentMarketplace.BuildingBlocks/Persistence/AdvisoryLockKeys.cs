namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// Every PostgreSQL advisory-lock key the application takes, in one place, so two features can never
/// pick the same number by accident. Keys are any constants the lock's holders share; these spell
/// their purpose in ASCII.
/// </summary>
public static class AdvisoryLockKeys
{
    /// <summary>Usage writers (shared) against billing runs (exclusive): "BILL" (0x42494C4C).</summary>
    public const long BilledPeriods = 0x4249_4C4C;

    /// <summary>One health-probe round at a time across instances: "MKPROB".</summary>
    public const long HealthProbeRound = 0x4D4B_5052_4F42;
}
