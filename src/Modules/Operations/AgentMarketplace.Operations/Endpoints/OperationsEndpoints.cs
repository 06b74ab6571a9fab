using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Operations.Analytics;
using AgentMarketplace.Operations.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Operations.Endpoints;

internal static class OperationsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapModuleGroup("Operations", "/api/v1/admin", "Operations").RequireAuthorization(Policies.Admin);
        admin.MapGet("/errors", ListErrors)
            .WithName("ListErrors").WithSummary("Recorded 5xx answers and agent failures, newest first; filter by module, deployment, time.");
        admin.MapGet("/analytics/overview", PlatformAnalytics)
            .WithName("PlatformAnalytics").WithSummary("Users, agents, deployments, invocations, error rate and revenue by day; top agents.");

        endpoints.MapModuleGroup("Operations", "/api/v1/publishers/me", "Operations").RequireAuthorization(Policies.Publisher)
            .MapGet("/analytics", PublisherAnalytics)
            .WithName("PublisherAnalytics").WithSummary("The same figures for my own agents.");
    }

    private static async Task<Results<Ok<AnalyticsReport>, ProblemHttpResult>> PlatformAnalytics(
        [AsParameters] AnalyticsQuery query, AnalyticsReports reports, CancellationToken ct) =>
        (await reports.PlatformAsync(query, ct)).ToOk();

    private static async Task<Results<Ok<AnalyticsReport>, ProblemHttpResult>> PublisherAnalytics(
        [AsParameters] AnalyticsQuery query, ClaimsPrincipal principal, AnalyticsReports reports, CancellationToken ct) =>
        (await reports.PublisherAsync(principal.GetUserId(), query, ct)).ToOk();

    private static async Task<Results<Ok<Page<ErrorView>>, ProblemHttpResult>> ListErrors(
        [AsParameters] ErrorQuery query, ErrorLog errors, CancellationToken ct) =>
        (await errors.ListAsync(query, ct)).ToOk();
}
