using AgentMarketplace.AgentProtocol;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Mcp;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using AgentMarketplace.BuildingBlocks.Security;

namespace AgentMarketplace.Registry.Agents;

/// <summary>
/// The Registry's facade: agents, their immutable versions and what each declares it can do.
/// Another user's agent is "not found" unless it is public (has a verified version) and only read.
/// </summary>
internal sealed class AgentRegistry(
    RegistryDbContext db,
    IOptions<RegistryOptions> options,
    TimeProvider clock,
    IMediator mediator,
    McpToolImport mcpTools)
{
    public async Task<Result<Agent>> CreateAsync(Guid ownerId, CreateAgentRequest request, CancellationToken ct)
    {
        if (await db.Agents.AnyAsync(a => a.Slug == request.Slug, ct))
        {
            return SlugTaken(request.Slug!);
        }

        var now = clock.GetUtcNow();
        var agent = new Agent
        {
            Id = Guid.CreateVersion7(),
            Slug = request.Slug!,
            Name = request.Name!.Trim(),
            Description = request.Description!.Trim(),
            Categories = request.Categories!.Distinct().ToList(),
            Tags = request.Tags?.Distinct().ToList() ?? [],
            OwnerId = ownerId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Agents.Add(agent);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return SlugTaken(agent.Slug);
        }

        return agent;
    }

    public async Task<Result<Agent>> UpdateAsync(Actor actor, Guid agentId, UpdateAgentRequest request, CancellationToken ct)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null || !actor.MayManage(agent.OwnerId))
        {
            return DomainError.NotFound("Agent");
        }

        agent.Name = request.Name?.Trim() ?? agent.Name;
        agent.Description = request.Description?.Trim() ?? agent.Description;
        agent.Categories = request.Categories?.Distinct().ToList() ?? agent.Categories;
        agent.Tags = request.Tags?.Distinct().ToList() ?? agent.Tags;
        agent.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await AnnounceCatalogChangeAsync(agent.Id, ct);
        return agent;
    }

    public async Task<Result<AgentVersion>> PublishVersionAsync(Actor actor, Guid agentId, PublishVersionRequest request, CancellationToken ct)
    {
        var agent = await db.Agents.Include(a => a.Versions).FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null || !actor.MayManage(agent.OwnerId))
        {
            return DomainError.NotFound("Agent");
        }

        if (VersionTaken(agent, request.Version) is { } taken)
        {
            return taken;
        }

        var prepared = await PrepareAsync(request, ct);
        if (!prepared.IsSuccess)
        {
            return prepared.Error!;
        }

        if (BreaksReleasedVersion(agent, prepared.Value) is { } breaks)
        {
            return breaks;
        }

        var version = await AddVersionAsync(agent, prepared.Value, ct);
        if (version.IsSuccess)
        {
            await AnnounceAsync(agent, version.Value, ct);
        }

        return version;
    }

    /// <summary>Creates the agent and its first version together: both or neither. <paramref name="mcpServer"/>: what a server.json keeps.</summary>
    public async Task<Result<(Agent Agent, AgentVersion Version)>> ImportAsync(
        Guid ownerId, CreateAgentRequest agentRequest, PublishVersionRequest versionRequest, CancellationToken ct,
        McpServerInfo? mcpServer = null)
    {
        // Outside the transaction: it may wait on the agent's server for a while.
        var prepared = await PrepareAsync(versionRequest, ct);
        if (!prepared.IsSuccess)
        {
            return prepared.Error!;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var imported = await strategy.ExecuteAsync(async Task<Result<(Agent Agent, AgentVersion Version)>> () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var agent = await CreateAsync(ownerId, agentRequest, ct);
            if (!agent.IsSuccess)
            {
                return agent.Error!;
            }

            if (mcpServer is not null)
            {
                agent.Value.McpServer = AgentSummary.Serialize(mcpServer);
            }

            var version = await AddVersionAsync(agent.Value, prepared.Value, ct);
            if (!version.IsSuccess)
            {
                return version.Error!;
            }

            await transaction.CommitAsync(ct);
            return (agent.Value, version.Value);
        });

        // Announced once, after the commit: never a version that a rollback or retry undid.
        if (imported.IsSuccess)
        {
            await AnnounceAsync(imported.Value.Agent, imported.Value.Version, ct);
        }

        return imported;
    }

    public async Task<Result<AgentVersion>> DeprecateAsync(Actor actor, Guid agentId, string version, string reason, CancellationToken ct)
    {
        var found = await FindManagedVersionAsync(actor, agentId, version, ct);
        if (!found.IsSuccess)
        {
            return found.Error!;
        }

        var target = found.Value;
        if (!target.IsDeprecated)
        {
            target.DeprecatedAt = clock.GetUtcNow();
            target.DeprecationReason = reason.Trim();
            await db.SaveChangesAsync(ct);
            await AnnounceCatalogChangeAsync(agentId, ct);
        }

        return target;
    }

    public async Task<Result<AgentVersion>> FindManagedVersionAsync(Actor actor, Guid agentId, string version, CancellationToken ct)
    {
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null || !actor.MayManage(agent.OwnerId))
        {
            return DomainError.NotFound("Agent");
        }

        var found = await db.Versions.FirstOrDefaultAsync(v => v.AgentId == agentId && v.Version == version, ct);
        return found is null ? DomainError.NotFound($"Version {version}") : found;
    }

    public async Task<Result<AgentDetails>> GetAsync(string idOrSlug, Actor? viewer, CancellationToken ct)
    {
        var query = db.Agents.AsNoTracking().Include(a => a.Versions);
        var agent = Guid.TryParse(idOrSlug, out var id)
            ? await query.FirstOrDefaultAsync(a => a.Id == id, ct)
            : await query.FirstOrDefaultAsync(a => a.Slug == idOrSlug.ToLowerInvariant(), ct);
        var manager = agent is not null && viewer?.MayManage(agent.OwnerId) == true;
        var visibleVersions = agent?.Versions
            .Where(v => manager || v.IsPublic)
            .OrderByDescending(v => v.Version, SemanticVersion.Precedence)
            .ToList();
        if (agent is null || visibleVersions!.Count == 0 && !manager)
        {
            // An agent with nothing verified is its publisher's draft.
            return DomainError.NotFound("Agent");
        }

        var latest = LatestVersion(agent.Versions);
        // Without a deployable version (its latest failing, say) the page shows the newest it may see.
        var shown = agent.Versions.FirstOrDefault(v => v.Version == latest) ?? visibleVersions.FirstOrDefault();
        var owner = await mediator.Send(new GetPublisherProfile(agent.OwnerId), ct);
        var reliability = (await mediator.Send(new GetAgentReliability(agent.Id), ct)).ToDictionary(r => r.Version);
        return new AgentDetails(
            agent.Id, agent.Slug, agent.Name, agent.Description, agent.Categories, agent.Tags,
            OwnerView.From(agent.OwnerId, owner), latest,
            visibleVersions.Select(v => VersionView.From(v, manager, reliability.GetValueOrDefault(v.Version))).ToList(),
            shown is null ? [] : CapabilityDefinition.Deserialize(shown.Capabilities).Select(CapabilityView.From).ToList(),
            Listing: null, agent.CreatedAt, agent.UpdatedAt, AgentSummary.McpServerOf(agent));
    }

    /// <summary>
    /// What changed from the version before <paramref name="version"/> (the highest lower one the viewer may
    /// see) to it: every capability change, breaking or not; none for a first version.
    /// </summary>
    public async Task<Result<VersionChangesView>> ChangesAsync(Guid agentId, string version, Actor? viewer, CancellationToken ct)
    {
        if (!SemanticVersion.TryParse(version, out var number))
        {
            return DomainError.Invalid("version", "'version' must be a Semantic Versioning 2.0 version, such as 1.4.0.");
        }

        var agent = await db.Agents.AsNoTracking().Include(a => a.Versions).FirstOrDefaultAsync(a => a.Id == agentId, ct);
        var manager = agent is not null && viewer?.MayManage(agent.OwnerId) == true;
        var visible = agent?.Versions.Where(v => manager || v.IsPublic).ToList() ?? [];
        var target = visible.FirstOrDefault(v => SemanticVersion.Compare(v.Version, number.ToString()) == 0);
        if (target is null)
        {
            return DomainError.NotFound(agent is null || (!manager && visible.Count == 0) ? "Agent" : $"Version {number}");
        }

        var previous = visible.Where(v => SemanticVersion.Compare(v.Version, target.Version) < 0)
            .OrderByDescending(v => v.Version, SemanticVersion.Precedence).FirstOrDefault();
        var changes = previous is null
            ? []
            : CapabilityChanges.Compare(CapabilityDefinition.Deserialize(previous.Capabilities), CapabilityDefinition.Deserialize(target.Capabilities));
        return new VersionChangesView(previous?.Version, target.Version, changes.Any(c => c.Breaking), changes);
    }

    public async Task<IReadOnlyList<Agent>> ListOwnedAsync(Guid ownerId, PageRequest page, CancellationToken ct)
    {
        return await page.Apply(db.Agents.AsNoTracking().Where(a => a.OwnerId == ownerId)).ToListAsync(ct);
    }

    /// <summary>The highest verified, non-deprecated, non-pre-release version: what a new deployment gets.</summary>
    public static string? LatestVersion(IEnumerable<AgentVersion> versions) =>
        SemanticVersion.Highest(versions
            .Where(v => v.Status == VersionStatus.Verified && !v.IsDeprecated && !v.IsPreRelease)
            .Select(v => v.Version));

    /// <summary>The highest non-deprecated, non-pre-release version shown to everyone (verified or failing): what the scheduled re-verification watches.</summary>
    public static string? LatestPublicVersion(IEnumerable<AgentVersion> versions) =>
        SemanticVersion.Highest(versions.Where(v => v.IsPublic && !v.IsDeprecated && !v.IsPreRelease).Select(v => v.Version));

    /// <summary>
    /// The released version (one that passed verification, so consumers may depend on it) that a new version
    /// must stay compatible with: the highest lower one on its line (<see cref="SemanticVersion.Line"/>), not a
    /// pre-release. A pre-release, or the first version of a line, need not be compatible with anything.
    /// </summary>
    public static AgentVersion? CompatibilityBaseline(IEnumerable<AgentVersion> versions, string version)
    {
        SemanticVersion.TryParse(version, out var number);
        if (number.IsPrerelease)
        {
            return null;
        }

        var line = SemanticVersion.Line(version);
        return versions
            .Where(v => v.FirstVerifiedAt is not null && !v.IsPreRelease && SemanticVersion.Line(v.Version) == line
                        && SemanticVersion.Compare(v.Version, version) < 0)
            .OrderByDescending(v => v.Version, SemanticVersion.Precedence)
            .FirstOrDefault();
    }

    /// <summary>A 409 listing each way the new version breaks its <see cref="CompatibilityBaseline"/>, or null.</summary>
    private static DomainError? BreaksReleasedVersion(Agent agent, PublishVersionRequest request)
    {
        SemanticVersion.TryParse(request.Version, out var parsed);
        var number = parsed.ToString();
        if (CompatibilityBaseline(agent.Versions, number) is not { } baseline)
        {
            return null;
        }

        var capabilities = CapabilitiesOf(request);
        var changes = CapabilityChanges.Compare(CapabilityDefinition.Deserialize(baseline.Capabilities), capabilities);
        if (!changes.Any(c => c.Breaking))
        {
            return null;
        }

        var next = parsed.Major.IsZero ? $"0.{parsed.Minor + 1}.0" : $"{parsed.Major + 1}.0.0";
        return new DomainError(ErrorKind.Conflict,
            $"Version {number} breaks callers of {baseline.Version}, the latest released version of its line (see `errors`; a change the "
            + $"platform cannot prove compatible counts as breaking). Publish it as a new major version ({next}) or as a pre-release.",
            Errors: CapabilityChanges.Errors(changes, capabilities));
    }

    /// <summary>
    /// The checks that reach outside the platform, run before anything is written: where the endpoint
    /// resolves to (the SSRF guard), and for an MCP server, the tools it lists (which become its capabilities).
    /// </summary>
    private async Task<Result<PublishVersionRequest>> PrepareAsync(PublishVersionRequest request, CancellationToken ct)
    {
        var allowPrivate = options.Value.AllowPrivateEndpoints == true;
        if (await EndpointPolicy.CheckResolvedAsync(request.EndpointUrl!, allowPrivate, ct, options.Value.AllowedPrivateHosts) is { } refused)
        {
            return DomainError.Invalid("endpointUrl", $"'endpointUrl' {refused}");
        }

        return request.Protocol == AgentProtocols.Mcp ? await mcpTools.ResolveAsync(request, ct) : request;
    }

    private static DomainError? VersionTaken(Agent agent, string? version)
    {
        SemanticVersion.TryParse(version, out var parsed);
        var number = parsed.ToString();
        return agent.Versions.Any(v => SemanticVersion.Compare(v.Version, number) == 0) ? VersionExists(number) : null;
    }

    private async Task<Result<AgentVersion>> AddVersionAsync(Agent agent, PublishVersionRequest request, CancellationToken ct)
    {
        SemanticVersion.TryParse(request.Version, out var parsed);
        var number = parsed.ToString();
        if (VersionTaken(agent, number) is { } taken)
        {
            return taken;
        }

        var capabilities = CapabilitiesOf(request);
        var version = new AgentVersion
        {
            Id = Guid.CreateVersion7(),
            AgentId = agent.Id,
            Version = number,
            IsPreRelease = parsed.IsPrerelease,
            EndpointUrl = new Uri(request.EndpointUrl!).AbsoluteUri,
            Protocol = request.Protocol!,
            ProtocolVersion = request.Protocol == AgentProtocols.A2A ? request.ProtocolVersion ?? AgentProtocols.A2AV03 : null,
            Changelog = request.Changelog,
            Capabilities = CapabilityDefinition.Serialize(capabilities),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Versions.Add(version);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            db.Entry(version).State = EntityState.Detached;
            return VersionExists(number);
        }

        return version;
    }

    private static List<CapabilityDefinition> CapabilitiesOf(PublishVersionRequest request) =>
        request.Capabilities!.Select(c => new CapabilityDefinition(
            c.Name!, c.Description!.Trim(), c.InputSchema!, c.OutputSchema!,
            c.Examples?.Select(e => new CapabilityExample(e.Input, e.ExpectedOutput)).ToList() ?? [])).ToList();

    /// <summary>Tells subscribers (the marketplace's search) what the catalog now shows; call after commit.</summary>
    public async Task AnnounceCatalogChangeAsync(Guid agentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await AgentSummaries.LoadAsync(db, agentId, ct) is { } summary)
        {
            await mediator.Publish(new AgentCatalogChanged(summary, now), ct);
        }
    }

    private ValueTask AnnounceAsync(Agent agent, AgentVersion version, CancellationToken ct) =>
        mediator.Publish(new AgentVersionPublished(agent.Id, agent.Slug, version.Version, version.IsPreRelease, version.CreatedAt), ct);

    private static DomainError SlugTaken(string slug) => DomainError.Conflict($"The slug '{slug}' is taken.");

    private static DomainError VersionExists(string version) =>
        DomainError.Conflict($"Version {version} already exists; versions are immutable, publish a new version number.");
}
