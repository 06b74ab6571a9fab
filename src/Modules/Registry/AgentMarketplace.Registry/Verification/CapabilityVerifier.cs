using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using AgentMarketplace.BuildingBlocks.Security;

namespace AgentMarketplace.Registry.Verification;

/// <summary>
/// Proves a version does what it declares: calls the live agent with every example of every
/// capability over the version's protocol, checks each output against the capability's
/// outputSchema (and its expectedOutput when given), and records the outcome on the version. For mcp
/// and a2a versions it first compares the live tools or card with the capabilities (<see cref="DriftDetector"/>):
/// a capability that drifted fails with the drift named. A version is verified only when every capability
/// passed; a failed one may be verified again. A failure of a version that had passed makes it
/// <see cref="VersionStatus.Failing"/> rather than failed. Publishers start it (<see cref="VerifyAsync"/>), and so
/// does the scheduled re-verification (<see cref="ReverifyAsync"/>), within the same per-publisher limit.
/// </summary>
internal sealed class CapabilityVerifier(
    AgentRegistry registry,
    RegistryDbContext db,
    VerificationFlights flights,
    [FromKeyedServices(RegistryModule.AgentHttpClient)] AgentClient agents,
    IOptions<RegistryOptions> options,
    IOptions<SchemaLimits> schemaLimits,
    TimeProvider clock,
    IMediator mediator,
    VerificationMetrics metrics,
    DriftDetector drift,
    ILogger<CapabilityVerifier> logger)
{
    private const int ParallelCalls = 4;

    public async Task<Result<VerificationReport>> VerifyAsync(Actor actor, Guid agentId, string version, CancellationToken ct)
    {
        var found = await registry.FindManagedVersionAsync(actor, agentId, version, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var target = found.Value;
        // Not the caller's token: callers joining this run wait for its report whether or not the first one stays.
        return await flights.RunOnceAsync(target.Id, actor.IsAdmin ? null : actor.UserId,
            admit => ClaimAndRunAsync(target, admit, CancellationToken.None));
    }

    /// <summary>The scheduled re-verification of <paramref name="target"/>, counted against its publisher's verifications.</summary>
    public Task<Result<VerificationReport>> ReverifyAsync(AgentVersion target, Guid publisherId) =>
        flights.RunOnceAsync(target.Id, publisherId, admit => ClaimAndRunAsync(target, admit, CancellationToken.None));

    /// <summary>
    /// Runs the verification if no other instance is running one of this version (409 otherwise) and, once the
    /// version is held, <paramref name="admit"/> counts it (or refuses it: the hour's verifications are spent).
    /// </summary>
    private async Task<Result<VerificationReport>> ClaimAndRunAsync(AgentVersion target, Func<DomainError?> admit, CancellationToken ct)
    {
        var capabilities = CapabilityDefinition.Deserialize(target.Capabilities);
        var now = clock.GetUtcNow();
        var examples = capabilities.Sum(c => Math.Max(1, c.Examples.Count));
        var mayTake = TimeSpan.FromSeconds(options.Value.VerificationTimeoutSeconds * (1 + examples / ParallelCalls) + 60);
        var claim = now + mayTake;
        var claimed = await db.Versions
            .Where(v => v.Id == target.Id && (v.VerifyingUntil == null || v.VerifyingUntil < now))
            .ExecuteUpdateAsync(v => v.SetProperty(x => x.VerifyingUntil, claim), ct);
        if (claimed == 0)
        {
            return DomainError.Conflict("A verification of this version is running; its report is recorded on the version when it ends.");
        }

        try
        {
            return admit() is { } refused ? refused : await RunAsync(target, capabilities, ct);
        }
        finally
        {
            // Only our own claim: if it lapsed and another instance claimed the version since, that claim stands.
            await db.Versions.Where(v => v.Id == target.Id && v.VerifyingUntil == claim)
                .ExecuteUpdateAsync(v => v.SetProperty(x => x.VerifyingUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    private async Task<Result<VerificationReport>> RunAsync(AgentVersion target, IReadOnlyList<CapabilityDefinition> capabilities, CancellationToken ct)
    {
        var agentId = target.AgentId;
        var version = target.Version;
        var drifts = await drift.CheckAsync(target, capabilities, ct);
        var results = new ConcurrentDictionary<string, CapabilityResult>();
        await Parallel.ForEachAsync(capabilities, new ParallelOptions { MaxDegreeOfParallelism = ParallelCalls, CancellationToken = ct },
            async (capability, token) => results[capability.Name] = drifts.ByCapability?.TryGetValue(capability.Name, out var drifted) == true
                ? new CapabilityResult(capability.Name, false, 0, $"Drift: {drifted}")
                : await VerifyCapabilityAsync(target, capability, token));

        var ordered = capabilities.Select(c => results[c.Name]).ToList();
        var verified = ordered.Count > 0 && ordered.All(r => r.Passed);
        var report = new VerificationReport(verified ? VersionStatus.Verified : VersionStatus.Failed, clock.GetUtcNow(), ordered);
        Record(target, report, drifts);
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Verified {AgentId} {Version}: {Status}", agentId, version, report.Status);
        metrics.Verified(report.Status);

        var latest = AgentRegistry.LatestVersion(await db.Versions.AsNoTracking().Where(v => v.AgentId == agentId).ToListAsync(ct));
        await mediator.Publish(new AgentVersionVerified(agentId, target.Version, verified, latest, report.VerifiedAt), ct);
        await registry.AnnounceCatalogChangeAsync(agentId, ct);
        return report;
    }

    /// <summary>The outcome on the version: its status, when it was last verified, drift, and when it is verified again.</summary>
    private void Record(AgentVersion target, VerificationReport report, DriftFindings drifts)
    {
        var verified = report.Status == VersionStatus.Verified;
        target.Status = verified ? VersionStatus.Verified : target.FirstVerifiedAt is null ? VersionStatus.Failed : VersionStatus.Failing;
        target.FirstVerifiedAt ??= verified ? report.VerifiedAt : null;
        target.VerifiedAt = report.VerifiedAt;
        target.Verification = report.Serialize();
        if (drifts.Checked)
        {
            target.Drifted = drifts.Drifted;
            target.DriftReason = drifts.Reason();
        }

        target.NextReverificationAt = ReverificationSchedule.Next(target, report.VerifiedAt, options.Value);
    }

    private async Task<CapabilityResult> VerifyCapabilityAsync(AgentVersion version, CapabilityDefinition capability, CancellationToken ct)
    {
        if (capability.Examples.Count == 0)
        {
            return new CapabilityResult(capability.Name, false, 0, "The capability has no examples to verify it with.");
        }

        var settings = options.Value;
        long slowestMs = 0;
        foreach (var (example, index) in capability.Examples.Select((e, i) => (e, i)))
        {
            var call = await agents.InvokeAsync(version.Binding, version.EndpointUrl, capability.Name, example.Input,
                TimeSpan.FromSeconds(settings.VerificationTimeoutSeconds), settings.MaxResponseBytes, ct);
            slowestMs = Math.Max(slowestMs, (long)call.Latency.TotalMilliseconds);
            if (CheckAnswer(capability, example, call) is { } problem)
            {
                return new CapabilityResult(capability.Name, false, slowestMs, $"Example {index + 1}: {problem}");
            }
        }

        return new CapabilityResult(capability.Name, true, slowestMs, null);
    }

    private string? CheckAnswer(CapabilityDefinition capability, CapabilityExample example, AgentCallResult call)
    {
        if (!call.Succeeded)
        {
            return call.Error;
        }

        if (JsonSchemas.Check(capability.OutputSchema, call.Output, schemaLimits.Value) is { } schemaError)
        {
            return $"the output breaks outputSchema: {schemaError}";
        }

        return example.ExpectedOutput is not null && !JsonNode.DeepEquals(example.ExpectedOutput, call.Output)
            ? $"the output {Shorten(call.Output)} differs from the expected {Shorten(example.ExpectedOutput)}."
            : null;
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 200 ? text[..200] + "…" : text;
    }
}
