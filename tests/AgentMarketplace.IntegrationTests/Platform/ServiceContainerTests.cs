using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>`dotnet run` in Development validates the container on start: a service it cannot build stops the service.</summary>
public sealed class ServiceContainerTests(ValidatingContainerFactory api) : IClassFixture<ValidatingContainerFactory>
{
    [Fact]
    public async Task The_host_starts_with_the_container_checked_as_in_development()
    {
        using var client = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
