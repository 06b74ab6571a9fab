using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Deployment.Deployments;
using AgentMarketplace.Deployment.Gateway;
using AgentMarketplace.Deployment.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Deployment.Endpoints;

internal static class DeploymentEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapModuleGroup("Deployment", "/api/v1/deployments", "Deployment").RequireAuthorization(Policies.User);

        group.MapPost("", Create).Validate<CreateDeploymentRequest>()
            .WithName("CreateDeployment").WithSummary("Deploy an agent version (default: the latest verified) into an environment.");
        group.MapGet("", List).WithName("ListDeployments").WithSummary("The caller's deployments.");
        group.MapGet("/{id:guid}", Get).WithName("GetDeployment").WithSummary("One of the caller's deployments.");
        group.MapPatch("/{id:guid}", Change).Validate<ChangeDeploymentRequest>()
            .WithName("ChangeDeployment").WithSummary("Change what a deployment keeps across revisions: autoUpdate (none or compatible).");
        group.MapPost("/{id:guid}/update", Update).Validate<UpdateDeploymentRequest>()
            .WithName("UpdateDeployment").WithSummary("New revision, live only if its health check passes (else rolledBack with the reason).");
        group.MapPost("/{id:guid}/rollback", Rollback)
            .WithName("RollbackDeployment").WithSummary("Make the previous healthy revision live again.");
        group.MapGet("/{id:guid}/monitoring", Monitor)
            .WithName("MonitorDeployment").WithSummary("Health, requests, errors, latency percentiles and recent errors.");
        group.MapDelete("/{id:guid}", Stop).WithName("StopDeployment").WithSummary("Stop the deployment; it can no longer be invoked.");
        group.MapPost("/{id:guid}/invoke", Invoke).Validate<InvokeRequest>()
            .WithName("InvokeDeployment").WithSummary("Call a capability of the deployed agent through the gateway.");
    }

    private static async Task<Results<Created<DeploymentView>, ProblemHttpResult>> Create(
        CreateDeploymentRequest request, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct)
    {
        var result = await deployments.CreateAsync(principal.GetUserId(), request, ct);
        return result.Match<Results<Created<DeploymentView>, ProblemHttpResult>>(
            view => TypedResults.Created($"/api/v1/deployments/{view.Id}", view), error => Problems.From(error));
    }

    private static async Task<Results<Ok<Page<DeploymentView>>, ProblemHttpResult>> List(
        int? limit, string? cursor, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var error))
        {
            return Problems.From(error!);
        }

        return TypedResults.Ok(await deployments.ListAsync(principal.GetUserId(), page, ct));
    }

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct) =>
        (await deployments.GetAsync(principal.GetUserId(), id, ct))
            .Match<Results<Ok<DeploymentView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> Update(
        Guid id, UpdateDeploymentRequest request, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct) =>
        (await deployments.UpdateAsync(principal.GetUserId(), id, request, ct))
            .Match<Results<Ok<DeploymentView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> Change(
        Guid id, ChangeDeploymentRequest request, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct) =>
        (await deployments.ChangeAsync(principal.GetUserId(), id, request, ct))
            .Match<Results<Ok<DeploymentView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<DeploymentView>, ProblemHttpResult>> Rollback(
        Guid id, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct) =>
        (await deployments.RollbackAsync(principal.GetUserId(), id, ct))
            .Match<Results<Ok<DeploymentView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<MonitoringView>, ProblemHttpResult>> Monitor(
        Guid id, ClaimsPrincipal principal, DeploymentMonitor monitor, CancellationToken ct) =>
        (await monitor.GetAsync(principal.GetUserId(), id, ct))
            .Match<Results<Ok<MonitoringView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<NoContent, ProblemHttpResult>> Stop(
        Guid id, ClaimsPrincipal principal, DeploymentManager deployments, CancellationToken ct) =>
        await deployments.StopAsync(principal.GetUserId(), id, ct)
            ? TypedResults.NoContent()
            : Problems.From(DomainError.NotFound("Deployment"));

    private static async Task<Results<Ok<InvokeResponse>, ProblemHttpResult>> Invoke(
        Guid id, InvokeRequest request, ClaimsPrincipal principal, InvocationGateway gateway, HttpResponse response, CancellationToken ct) =>
        (await gateway.InvokeAsync(principal.GetUserId(), id, request, ct))
            .Match<Results<Ok<InvokeResponse>, ProblemHttpResult>>(output => TypedResults.Ok(output), error => Problems.From(error, response));
}
