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
            .Where(v => manager || v.Status == VersionStatus.Verified)
            .OrderByDescending(v => v.Version, Comparer<string>.Create(SemanticVersion.Compare))
            .ToList();
        if (agent is null || visibleVersions!.Count == 0 && !manager)
        {
            // An agent with nothing verified is its publisher's draft.
            return DomainError.NotFound("Agent");
        }

        var latest = LatestVersion(agent.Versions);
        var shown = agent.Versions.FirstOrDefault(v => v.Version == latest) ?? (manager ? visibleVersions.FirstOrDefault() : null);
        var owner = await mediator.Send(new GetPublisherProfile(agent.OwnerId), ct);
        var reliability = (await mediator.Send(new GetAgentReliability(agent.Id), ct)).ToDictionary(r => r.Version);
        return new AgentDetails(
            agent.Id, agent.Slug, agent.Name, agent.Description, agent.Categories, agent.Tags,
            OwnerView.From(agent.OwnerId, owner), latest,
            visibleVersions.Select(v => VersionView.From(v, manager, reliability.GetValueOrDefault(v.Version))).ToList(),
            shown is null ? [] : CapabilityDefinition.Deserialize(shown.Capabilities).Select(CapabilityView.From).ToList(),
            Listing: null, agent.CreatedAt, agent.UpdatedAt, AgentSummary.McpServerOf(agent));
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

        var capabilities = request.Capabilities!.Select(c => new CapabilityDefinition(
            c.Name!, c.Description!.Trim(), c.InputSchema!, c.OutputSchema!,
            c.Examples?.Select(e => new CapabilityExample(e.Input, e.ExpectedOutput)).ToList() ?? [])).ToList();
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
