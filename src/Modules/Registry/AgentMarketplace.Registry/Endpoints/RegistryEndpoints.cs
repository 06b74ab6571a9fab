using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Registry.A2A;
using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Mcp;
using AgentMarketplace.Registry.Verification;
using AgentMarketplace.Registry.Versions;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Registry.Endpoints;

internal static class RegistryEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var agents = endpoints.MapModuleGroup("Registry", "/api/v1/agents", "Registry");

        // `{id}` takes an id or a slug; one parameter name per path position keeps the document's paths distinct.
        agents.MapGet("/{id}", GetAgent).AllowAnonymous()
            .WithName("GetAgent").WithSummary("An agent with its versions and capabilities (drafts only to their owner).");

        agents.MapGet("/{id:guid}/versions/{version}/changes", GetChanges).AllowAnonymous()
            .WithName("GetVersionChanges")
            .WithSummary("What changed from the previous version, breaking or not (owner; anyone for public versions).");

        var publisher = agents.MapGroup("").RequireAuthorization(Policies.Publisher);
        publisher.MapPost("", CreateAgent).Validate<CreateAgentRequest>()
            .WithName("CreateAgent").WithSummary("Register an agent (publishers).");
        publisher.MapGet("", ListMyAgents).WithName("ListMyAgents").WithSummary("The agents the caller owns.");
        publisher.MapPatch("/{id:guid}", UpdateAgent).Validate<UpdateAgentRequest>()
            .WithName("UpdateAgent").WithSummary("Change an agent's metadata (owner or admin).");
        publisher.MapPost("/{id:guid}/versions", PublishVersion).Validate<PublishVersionRequest>()
            .WithName("PublishVersion").WithSummary("Publish an immutable version with its capabilities.");
        publisher.MapGet("/{id:guid}/versions/{version}", GetVersion)
            .WithName("GetVersion").WithSummary("One version with its endpoint, capabilities and last verification (owner or admin).");
        publisher.MapPost("/{id:guid}/versions/{version}/verify", Verify)
            .WithName("VerifyVersion").WithSummary("Call the live agent with every capability's examples and record the outcome.");
        publisher.MapPost("/{id:guid}/versions/{version}/deprecate", Deprecate).Validate<DeprecateRequest>()
            .WithName("DeprecateVersion").WithSummary("Deprecate a version: it can no longer be newly deployed.");
        publisher.MapPost("/import/a2a", ImportAgentCard).Validate<AgentCard>()
            .WithName("ImportA2AAgentCard").WithSummary("Create an agent and version from an A2A Agent Card (0.3 or 1.0), one capability per skill.");
        publisher.MapPost("/import/mcp", ImportServerJson).Validate<ServerJson>()
            .WithName("ImportMcpServerJson")
            .WithSummary("Create an agent and an mcp version from an MCP Registry server.json: its streamable-http remote's tools become the capabilities.");
    }

    private static async Task<Results<Ok<AgentDetails>, ProblemHttpResult>> GetAgent(
        [FromRoute(Name = "id")] string idOrSlug, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.GetAsync(idOrSlug, Actor.From(principal), ct);
        return result.Match<Results<Ok<AgentDetails>, ProblemHttpResult>>(value => TypedResults.Ok(value), error => Problems.From(error));
    }

    private static async Task<Results<Ok<VersionChangesView>, ProblemHttpResult>> GetChanges(
        Guid id, string version, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct) =>
        (await registry.ChangesAsync(id, version, Actor.From(principal), ct)).ToOk();

    private static async Task<Results<Created<AgentSummary>, ProblemHttpResult>> CreateAgent(
        CreateAgentRequest request, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.CreateAsync(principal.GetUserId(), request, ct);
        return result.Match<Results<Created<AgentSummary>, ProblemHttpResult>>(
            agent => TypedResults.Created($"/api/v1/agents/{agent.Id}", AgentSummary.From(agent)), error => Problems.From(error));
    }

    private static async Task<Results<Ok<Page<AgentSummary>>, ProblemHttpResult>> ListMyAgents(
        int? limit, string? cursor, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var error))
        {
            return Problems.From(error!);
        }

        var rows = await registry.ListOwnedAsync(principal.GetUserId(), page, ct);
        return TypedResults.Ok(page.ToPage(rows, AgentSummary.From));
    }

    private static async Task<Results<Ok<AgentSummary>, ProblemHttpResult>> UpdateAgent(
        Guid id, UpdateAgentRequest request, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.UpdateAsync(Actor.From(principal)!, id, request, ct);
        return result.Match<Results<Ok<AgentSummary>, ProblemHttpResult>>(
            agent => TypedResults.Ok(AgentSummary.From(agent)), error => Problems.From(error));
    }

    private static async Task<Results<Created<VersionDetails>, ProblemHttpResult>> PublishVersion(
        Guid id, PublishVersionRequest request, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.PublishVersionAsync(Actor.From(principal)!, id, request, ct);
        return result.Match<Results<Created<VersionDetails>, ProblemHttpResult>>(
            version => TypedResults.Created($"/api/v1/agents/{id}/versions/{version.Version}", Details(version)),
            error => Problems.From(error));
    }

    private static async Task<Results<Ok<VersionDetails>, ProblemHttpResult>> GetVersion(
        Guid id, string version, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.FindManagedVersionAsync(Actor.From(principal)!, id, version, ct);
        return result.Match<Results<Ok<VersionDetails>, ProblemHttpResult>>(v => TypedResults.Ok(Details(v)), error => Problems.From(error));
    }

    private static async Task<Results<Ok<VerificationReport>, ProblemHttpResult>> Verify(
        Guid id, string version, ClaimsPrincipal principal, CapabilityVerifier verifier, HttpResponse response, CancellationToken ct)
    {
        var result = await verifier.VerifyAsync(Actor.From(principal)!, id, version, ct);
        return result.Match<Results<Ok<VerificationReport>, ProblemHttpResult>>(value => TypedResults.Ok(value), error => Problems.From(error, response));
    }

    private static async Task<Results<Ok<VersionView>, ProblemHttpResult>> Deprecate(
        Guid id, string version, DeprecateRequest request, ClaimsPrincipal principal, AgentRegistry registry, CancellationToken ct)
    {
        var result = await registry.DeprecateAsync(Actor.From(principal)!, id, version, request.Reason!, ct);
        return result.Match<Results<Ok<VersionView>, ProblemHttpResult>>(
            v => TypedResults.Ok(VersionView.From(v, showEndpoint: true)), error => Problems.From(error));
    }

    private static Task<Results<Created<ImportedAgent>, ValidationProblem, ProblemHttpResult>> ImportAgentCard(
        AgentCard card, [FromQuery] string? slug, [FromQuery] string[]? category, ClaimsPrincipal principal,
        AgentRegistry registry, IValidator<CreateAgentRequest> agentRules, IValidator<PublishVersionRequest> versionRules,
        CancellationToken ct) =>
        ImportAsync(AgentCardImport.Agent(card, slug, category), AgentCardImport.Version(card), null, "The agent card cannot be imported as it is.",
            principal, registry, agentRules, versionRules, ct);

    private static Task<Results<Created<ImportedAgent>, ValidationProblem, ProblemHttpResult>> ImportServerJson(
        ServerJson server, [FromQuery] string? slug, [FromQuery] string[]? category, ClaimsPrincipal principal,
        AgentRegistry registry, IValidator<CreateAgentRequest> agentRules, IValidator<PublishVersionRequest> versionRules,
        CancellationToken ct) =>
        ImportAsync(ServerJsonImport.Agent(server, slug, category), ServerJsonImport.Version(server), ServerJsonImport.Info(server),
            "The server.json cannot be imported as it is.", principal, registry, agentRules, versionRules, ct);

    /// <summary>An imported document becomes an agent and its first version once both pass the rules a publisher's own would.</summary>
    private static async Task<Results<Created<ImportedAgent>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        CreateAgentRequest agentRequest, PublishVersionRequest versionRequest, McpServerInfo? mcpServer, string title,
        ClaimsPrincipal principal, AgentRegistry registry, IValidator<CreateAgentRequest> agentRules,
        IValidator<PublishVersionRequest> versionRules, CancellationToken ct)
    {
        var errors = (await agentRules.ValidateAsync(agentRequest, ct)).Errors
            .Concat((await versionRules.ValidateAsync(versionRequest, ct)).Errors)
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: title,
                detail: "See `errors`; pass ?slug= or ?category= to choose what the document does not say.");
        }

        var result = await registry.ImportAsync(principal.GetUserId(), agentRequest, versionRequest, ct, mcpServer);
        return result.Match<Results<Created<ImportedAgent>, ValidationProblem, ProblemHttpResult>>(
            imported => TypedResults.Created($"/api/v1/agents/{imported.Agent.Id}",
                new ImportedAgent(AgentSummary.From(imported.Agent), Details(imported.Version))),
            error => Problems.From(error));
    }

    private static VersionDetails Details(Persistence.AgentVersion version) => new(
        VersionView.From(version, showEndpoint: true),
        CapabilityDefinition.Deserialize(version.Capabilities).Select(CapabilityView.From).ToList());
}
