using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
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
    }

    private static async Task<Results<Ok<Page<ErrorView>>, ProblemHttpResult>> ListErrors(
        [AsParameters] ErrorQuery query, ErrorLog errors, CancellationToken ct) =>
        (await errors.ListAsync(query, ct)).ToOk();
}
