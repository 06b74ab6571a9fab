using System.Net;
using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Registry.Tests;

public sealed class EndpointPolicyTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b:1::a00:1")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("::a9fe:a9fe")]
    public void Special_addresses_are_refused(string address) =>
        Assert.False(EndpointPolicy.IsAllowed(IPAddress.Parse(address), allowPrivate: false));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.True(EndpointPolicy.IsAllowed(IPAddress.Parse(address), allowPrivate: false));

    [Fact]
    public void The_allowance_lets_private_addresses_through() =>
        Assert.True(EndpointPolicy.IsAllowed(IPAddress.Loopback, allowPrivate: true));

    [Theory]
    [InlineData("ftp://example.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    [InlineData("relative/path")]
    [InlineData("https://user:pw@example.com/")]
    public void Only_plain_http_and_https_urls_are_callable(string url) => Assert.NotNull(EndpointPolicy.CheckUrl(url, allowPrivate: true));

    [Theory]
    [InlineData("http://127.0.0.1:5000/")]
    [InlineData("http://localhost/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    public void Loopback_and_metadata_urls_are_refused_without_the_allowance(string url)
    {
        Assert.NotNull(EndpointPolicy.CheckUrl(url, allowPrivate: false));
        Assert.Null(EndpointPolicy.CheckUrl(url, allowPrivate: true));
    }
}
