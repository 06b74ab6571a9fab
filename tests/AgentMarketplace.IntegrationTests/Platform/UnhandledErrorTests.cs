using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>The real host plus one route that fails the way a bug would.</summary>
public sealed class FailingRouteFactory : MarketplaceApiFactory
{
    public const string Secret = "connection-string-password=hunter2";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingRoute>());
    }

    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/bug", bug => bug.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}

public sealed class UnhandledErrorTests(FailingRouteFactory api) : IClassFixture<FailingRouteFactory>
{
    [Fact]
    public async Task An_unhandled_exception_is_a_500_problem_that_reveals_nothing_internal()
    {
        using var client = api.CreateClient();

        var response = await client.GetAsync("/test/bug");

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
