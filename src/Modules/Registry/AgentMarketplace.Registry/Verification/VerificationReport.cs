using System.Text.Json;

namespace AgentMarketplace.Registry.Verification;

internal sealed record CapabilityResult(string Capability, bool Passed, long LatencyMs, string? Error);

internal sealed record VerificationReport(string Status, DateTimeOffset VerifiedAt, IReadOnlyList<CapabilityResult> Results)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static VerificationReport? Deserialize(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<VerificationReport>(json, Json);
}
