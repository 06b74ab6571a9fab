using AgentMarketplace.Storefront.Api;

namespace AgentMarketplace.IntegrationTests.Storefront;

/// <summary>The storefront calls the API at the host's own listening address: a wildcard there means loopback.</summary>
public sealed class ApiAddressTests
{
    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://*:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://[::]:5080", "http://[::1]:5080/")]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    public void A_wildcard_listening_address_is_called_on_loopback(string listening, string called)
    {
        Assert.Equal(new Uri(called), ApiAddress.Loopback(listening));
    }
}
