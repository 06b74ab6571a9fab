using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Registry;

internal sealed class RegistryOptions
{
    public const string SectionName = "Registry";

    public static readonly string[] DefaultCategories =
    [
        "summarization", "translation", "classification", "extraction", "generation", "search",
        "analytics", "coding", "conversation", "vision", "audio", "data", "productivity", "other",
    ];

    /// <summary>Categories an agent may be filed under; replaces the defaults when configured.</summary>
    public string[]? Categories { get; set; }

    /// <summary>
    /// Whether publisher endpoints may be on loopback or private networks. Unset: allowed only in
    /// Development and Testing, where agents run on this machine.
    /// </summary>
    public bool? AllowPrivateEndpoints { get; set; }

    /// <summary>
    /// Host names that may resolve to private addresses while the guard stays on for every other host:
    /// how a compose stack lets publishers register its own sample agent (`http://sample-agent:8080`).
    /// </summary>
    public string[] AllowedPrivateHosts { get; set; } = [];

    [Range(1, 300)] public int VerificationTimeoutSeconds { get; set; } = 10;

    [Range(1024, 100 * 1024 * 1024)] public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>How many verifications a publisher may start per hour (admins are not limited; joining a running one is free).</summary>
    [Range(1, 100_000)] public int VerificationsPerHour { get; set; } = 30;

    /// <summary>How often each agent's latest version is verified again (liveness and drift), each version at its own time.</summary>
    [Range(1, 8760)] public int ReverificationIntervalHours { get; set; } = 24;

    /// <summary>How soon a failing version is verified again (it may have been a passing outage).</summary>
    [Range(1, 10_080)] public int ReverificationRetryMinutes { get; set; } = 60;

    /// <summary>How often the re-verification job looks for versions whose time has come.</summary>
    [Range(1, 86_400)] public int ReverificationSweepSeconds { get; set; } = 300;

    /// <summary>The most versions one sweep verifies (one after the other); the rest wait for the next sweep.</summary>
    [Range(1, 1000)] public int ReverificationsPerSweep { get; set; } = 20;

    public IReadOnlyList<string> EffectiveCategories => Categories is { Length: > 0 } ? Categories : DefaultCategories;
}
