using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

public sealed class UnhandledErrorTests(FailingRouteFactory api) : IClassFixture<FailingRouteFactory>
{
    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_that_reveals_nothing_internal()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync(FailingRouteFactory.BuggyPath);

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        var body = problem.ToString();
        Assert.DoesNotContain(FailingRouteFactory.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.Equal(
            response.Headers.GetValues("X-Correlation-Id").Single(),
            problem.GetProperty("correlationId").GetString());
    }
}
