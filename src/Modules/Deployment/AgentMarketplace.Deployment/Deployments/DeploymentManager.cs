using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Gateway;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Deployment.Runtimes;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// The Deployment module's facade: deploy a verified version, move between revisions only after a
/// health check, roll back, stop. Another user's deployment is "not found".
/// </summary>
internal sealed class DeploymentManager(
    DeploymentDbContext db,
    IMediator mediator,
    IDeploymentRuntime runtime,
    DeploymentConfig configs,
    TimeProvider clock,
    LiveRoutes routes,
    AutoUpdater autoUpdater,
    IOptions<DeploymentOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly DomainError Raced = DomainError.Conflict("The deployment changed while this request ran; read it again and retry.");

    private static readonly DomainError OptedOut = DomainError.Conflict("The deployment no longer follows compatible versions.");

    public async Task<Result<DeploymentView>> CreateAsync(Guid userId, CreateDeploymentRequest request, CancellationToken ct)
    {
        var answer = await mediator.Send(new GetDeployableVersion(request.AgentId!.Value, request.Version, userId), ct);
        if (answer.Version is not { } version)
        {
            return Refusal(answer);
        }

        var now = clock.GetUtcNow();
        var deployment = new AgentDeployment
        {
            Id = Guid.CreateVersion7(),
            OwnerId = userId,
            AgentId = version.AgentId,
            AgentSlug = version.Slug,
            Environment = request.Environment!,
            Runtime = runtime.Name,
            AutoUpdate = request.AutoUpdate ?? AutoUpdateModes.None,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var config = configs.Protect(DeploymentRules.ParseConfig(request.Config, out _)!);
        var (revision, check) = await ProvisionAsync(deployment.Id, 1, version, config, ct);
        deployment.Revisions.Add(revision);
        deployment.LiveRevision = revision.Number;
        deployment.Status = check.Healthy ? DeploymentStatus.Healthy : DeploymentStatus.Unhealthy;
        deployment.LastHealthError = check.Error;
        deployment.LastHealthCheckAt = now;
        deployment.NextProbeAt = now.AddSeconds(options.Value.HealthProbeIntervalSeconds);
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(ct);
        await RememberLatestAsync(version.AgentId, version.LatestVersion, ct);
        await routes.AddedAsync(db, userId, ct);
        await mediator.Publish(new DeploymentCreated(deployment.Id, deployment.AgentId, userId, now), ct);
        var view = await ViewAsync(deployment, ct);
        LookForCompatibleVersion(view);
        return view;
    }

    public async Task<Result<DeploymentView>> GetAsync(Guid userId, Guid deploymentId, CancellationToken ct)
    {
        var deployment = await FindOwnedAsync(userId, deploymentId, tracking: false, ct);
        return deployment is null ? DomainError.NotFound("Deployment") : await ViewAsync(deployment, ct);
    }

    public async Task<Page<DeploymentView>> ListAsync(Guid userId, PageRequest page, CancellationToken ct)
    {
        var rows = await page.Apply(db.Deployments.AsNoTracking().Include(d => d.Revisions).Where(d => d.OwnerId == userId)).ToListAsync(ct);
        var views = (await ViewsAsync(rows, ct)).ToDictionary(v => v.Id);
        return page.ToPage(rows, d => views[d.Id]);
    }

    /// <summary>
    /// Moves the deployment to <paramref name="version"/> as an update by its owner would (health-checked, the
    /// old revision kept live when the check fails), and records the attempt, so a version is tried once.
    /// </summary>
    public async Task<Result<DeploymentView>> AutoUpdateAsync(Guid ownerId, Guid deploymentId, string version, CancellationToken ct)
    {
        var updated = await UpdateAsync(ownerId, deploymentId, new UpdateDeploymentRequest(version, null), ct, automatic: true);
        if (updated.IsSuccess || updated.Error == Raced || updated.Error == OptedOut)
        {
            return updated; // recorded with the revision, raced with the owner (the next look decides again), or no longer wanted
        }

        // Refused before a revision was made (the version went away, the deployment stopped): remember the try.
        await db.Deployments.Where(d => d.Id == deploymentId).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.AutoUpdateVersion, version)
            .SetProperty(d => d.AutoUpdatedAt, clock.GetUtcNow())
            .SetProperty(d => d.AutoUpdateError, AutoUpdateError(updated.Error!.Detail)), ct);
        return updated;
    }

    private static string AutoUpdateError(string? error) => error is { Length: > 1000 } ? error[..1000] : error ?? "The update failed.";

    /// <summary>
    /// Creates the next revision and makes it live only if it passes its health check; otherwise
    /// the live revision stays as it was and the answer says why (rolledBack). An <paramref name="automatic"/>
    /// update records what it tried in the same write as the revision, so no reader sees one without the other.
    /// </summary>
    public async Task<Result<DeploymentView>> UpdateAsync(
        Guid userId, Guid deploymentId, UpdateDeploymentRequest request, CancellationToken ct, bool automatic = false)
    {
        var found = await FindLiveOwnedAsync(userId, deploymentId, "The deployment is stopped; create a new deployment instead.", ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var deployment = found.Value;

        // The auto-updater listed this deployment a while ago; its owner may have opted out since. Read here, the
        // setting is covered by the row version from now on.
        if (automatic && deployment.AutoUpdate != AutoUpdateModes.Compatible)
        {
            return OptedOut;
        }

        var answer = await mediator.Send(new GetDeployableVersion(deployment.AgentId, request.Version, userId), ct);
        if (answer.Version is not { } version)
        {
            return Refusal(answer);
        }

        var live = deployment.Revisions.Single(r => r.Number == deployment.LiveRevision);
        var config = request.Config is null ? live.Config : configs.Protect(DeploymentRules.ParseConfig(request.Config, out _)!);
        var number = deployment.Revisions.Max(r => r.Number) + 1;
        var (revision, check) = await ProvisionAsync(deployment.Id, number, version, config, ct);
        deployment.Revisions.Add(revision);
        if (check.Healthy)
        {
            deployment.LiveRevision = number;
            deployment.Status = DeploymentStatus.Healthy;
            deployment.LastHealthError = null;
            deployment.LastHealthCheckAt = clock.GetUtcNow();
        }

        deployment.UpdatedAt = clock.GetUtcNow();
        if (automatic)
        {
            deployment.AutoUpdateVersion = version.Version;
            deployment.AutoUpdatedAt = deployment.UpdatedAt;
            deployment.AutoUpdateError = check.Healthy ? null : AutoUpdateError(check.Error ?? "The health check failed.");
        }

        if (await SaveRacingAsync(ct) is { } conflict)
        {
            return conflict;
        }

        await routes.ChangedAsync(db, deployment.Id, deployment.OwnerId, ct);
        await RememberLatestAsync(version.AgentId, version.LatestVersion, ct);
        var view = await ViewAsync(deployment, ct);
        return view with { RolledBack = !check.Healthy, AttemptedRevision = number, Reason = check.Error };
    }

    /// <summary>
    /// Changes what the deployment keeps across revisions: whether it follows compatible versions.
    /// </summary>
    public async Task<Result<DeploymentView>> ChangeAsync(Guid userId, Guid deploymentId, ChangeDeploymentRequest request, CancellationToken ct)
    {
        var found = await FindLiveOwnedAsync(userId, deploymentId, "The deployment is stopped.", ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var deployment = found.Value;

        if (deployment.AutoUpdate == request.AutoUpdate)
        {
            return await ViewAsync(deployment, ct);
        }

        deployment.AutoUpdate = request.AutoUpdate!;
        deployment.UpdatedAt = clock.GetUtcNow();
        if (await SaveRacingAsync(ct) is { } conflict)
        {
            return conflict;
        }

        var view = await ViewAsync(deployment, ct);
        LookForCompatibleVersion(view);
        return view;
    }

    /// <summary>
    /// A deployment that has just come to follow compatible versions behind a newer one has the auto-updater look
    /// now, not at its next scheduled look (up to 15 minutes away).
    /// </summary>
    private void LookForCompatibleVersion(DeploymentView view)
    {
        if (view is { AutoUpdate: AutoUpdateModes.Compatible, UpdateAvailable: true })
        {
            autoUpdater.LookSoon(view.AgentId);
        }
    }

    /// <summary>Makes the newest healthy revision before the live one live again.</summary>
    public async Task<Result<DeploymentView>> RollbackAsync(Guid userId, Guid deploymentId, CancellationToken ct)
    {
        var found = await FindLiveOwnedAsync(userId, deploymentId, "The deployment is stopped.", ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var deployment = found.Value;

        var previous = deployment.Revisions
            .Where(r => r.Number < deployment.LiveRevision && r.HealthCheckPassed)
            .MaxBy(r => r.Number);
        if (previous is null)
        {
            return DomainError.Conflict("There is no earlier healthy revision to roll back to.");
        }

        deployment.LiveRevision = previous.Number;
        deployment.Status = DeploymentStatus.Healthy;
        deployment.LastHealthError = null;
        deployment.UpdatedAt = clock.GetUtcNow();
        if (await SaveRacingAsync(ct) is { } conflict)
        {
            return conflict;
        }

        await routes.ChangedAsync(db, deployment.Id, deployment.OwnerId, ct);
        return await ViewAsync(deployment, ct);
    }

    public async Task<bool> StopAsync(Guid userId, Guid deploymentId, CancellationToken ct)
    {
        var deployment = await FindOwnedAsync(userId, deploymentId, tracking: true, ct);
        if (deployment is null)
        {
            return false;
        }

        if (deployment.Status != DeploymentStatus.Stopped)
        {
            var live = deployment.Revisions.Single(r => r.Number == deployment.LiveRevision);
            await runtime.StopAsync(Spec(deployment.Id, live), ct);
            deployment.Status = DeploymentStatus.Stopped;
            deployment.StoppedAt = deployment.UpdatedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
            await routes.ChangedAsync(db, deployment.Id, deployment.OwnerId, ct);
        }

        return true;
    }

    internal RevisionSpec Spec(Guid deploymentId, DeploymentRevision revision) =>
        Spec(deploymentId, revision, Capabilities(revision));

    /// <summary>For callers that already parsed the revision's capabilities (the gateway, once per revision).</summary>
    internal RevisionSpec Spec(Guid deploymentId, DeploymentRevision revision, IReadOnlyList<DeployableCapability> capabilities)
    {
        var example = capabilities.FirstOrDefault(c => c.ExampleInput is not null);
        return new RevisionSpec(deploymentId, revision.Number, revision.EndpointUrl, revision.Protocol,
            configs.Reveal(revision.Config), example?.Name, example?.ExampleInput is null ? null : JsonNode.Parse(example.ExampleInput));
    }

    internal static IReadOnlyList<DeployableCapability> Capabilities(DeploymentRevision revision) => Capabilities(revision.Capabilities);

    internal static IReadOnlyList<DeployableCapability> Capabilities(string json) =>
        JsonSerializer.Deserialize<List<DeployableCapability>>(json, Json) ?? [];

    private async Task<(DeploymentRevision Revision, RuntimeCheck Check)> ProvisionAsync(
        Guid deploymentId, int number, DeployableVersion version, string config, CancellationToken ct)
    {
        var revision = new DeploymentRevision
        {
            DeploymentId = deploymentId,
            Number = number,
            Version = version.Version,
            EndpointUrl = version.EndpointUrl,
            Protocol = version.Protocol,
            Capabilities = JsonSerializer.Serialize(version.Capabilities, Json),
            Config = config,
            CreatedAt = clock.GetUtcNow(),
        };
        var check = await runtime.ProvisionAsync(Spec(deploymentId, revision), ct);
        revision.HealthCheckPassed = check.Healthy;
        revision.HealthCheckError = check.Error;
        return (revision, check);
    }

    private async Task<DomainError?> SaveRacingAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (e is DbUpdateConcurrencyException || (e is DbUpdateException u && u.IsUniqueViolation()))
        {
            return Raced;
        }
    }

    /// <summary>The caller's deployment, tracked for a change: not found (404) when it is not theirs, a conflict when stopped.</summary>
    private async Task<Result<AgentDeployment>> FindLiveOwnedAsync(Guid userId, Guid deploymentId, string stopped, CancellationToken ct)
    {
        var deployment = await FindOwnedAsync(userId, deploymentId, tracking: true, ct);
        return deployment is null ? DomainError.NotFound("Deployment")
            : deployment.Status == DeploymentStatus.Stopped ? DomainError.Conflict(stopped)
            : deployment;
    }

    private Task<AgentDeployment?> FindOwnedAsync(Guid userId, Guid deploymentId, bool tracking, CancellationToken ct)
    {
        var query = db.Deployments.Include(d => d.Revisions).Where(d => d.Id == deploymentId && d.OwnerId == userId);
        return (tracking ? query : query.AsNoTracking()).FirstOrDefaultAsync(ct);
    }

    private async Task<DeploymentView> ViewAsync(AgentDeployment deployment, CancellationToken ct) => (await ViewsAsync([deployment], ct))[0];

    /// <summary>The deployments as their owner sees them: with the latest version kept here, and how the Registry sees the deployed versions now.</summary>
    private async Task<IReadOnlyList<DeploymentView>> ViewsAsync(IReadOnlyList<AgentDeployment> deployments, CancellationToken ct)
    {
        var agentIds = deployments.Select(d => d.AgentId).Distinct().ToList();
        var latest = await db.KnownAgentVersions.AsNoTracking().Where(k => agentIds.Contains(k.AgentId))
            .ToDictionaryAsync(k => k.AgentId, k => k.LatestVersion, ct);
        var live = deployments.ToDictionary(d => d.Id, d => d.Revisions.Single(r => r.Number == d.LiveRevision));
        var states = deployments.Count == 0
            ? []
            : (await mediator.Send(new CheckDeployedVersions(deployments.Select(d => new DeployedVersionRef(d.AgentId, live[d.Id].Version)).Distinct().ToList()), ct))
                .ToDictionary(s => (s.AgentId, s.Version));
        return deployments.Select(d => DeploymentView.From(d, live[d.Id], latest.GetValueOrDefault(d.AgentId),
            states.GetValueOrDefault((d.AgentId, live[d.Id].Version)), options.Value.PublicBaseUrl)).ToList();
    }

    /// <summary>Keeps this module's copy of the agent's latest deployable version (also fed by AgentVersionVerified).</summary>
    internal Task RememberLatestAsync(Guid agentId, string? latestVersion, CancellationToken ct)
    {
        return DeploymentStatements.RememberLatestVersionAsync(db, agentId, latestVersion, clock.GetUtcNow(), ct);
    }

    private static DomainError Refusal(DeployableVersionAnswer answer) => answer.Refusal switch
    {
        DeployRefusal.AgentNotFound => DomainError.NotFound("Agent"),
        DeployRefusal.VersionNotFound => new DomainError(ErrorKind.NotFound, answer.Reason!),
        _ => DomainError.Conflict(answer.Reason!),
    };
}
