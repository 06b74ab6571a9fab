using AgentMarketplace.Client;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Storefront.Api;

/// <summary>
/// The one HttpClient the storefront calls the API with (Kiota's pipeline, no automatic retries: a retried
/// invoke or payment could happen twice). Each call carries the visitor's own address in
/// `X-Forwarded-For`, so the API's per-address limits (sign-ups, logins) count visitors, not the storefront.
/// </summary>
internal sealed class ApiHttp : IDisposable
{
    public ApiHttp(IHttpContextAccessor http) =>
        Client = MarketplaceClient.CreateHttpClient(new VisitorAddressHandler(http) { InnerHandler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        } });

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();

    private sealed class VisitorAddressHandler(IHttpContextAccessor http) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (http.HttpContext?.Connection.RemoteIpAddress is { } visitor)
            {
                request.Headers.Remove("X-Forwarded-For");
                request.Headers.Add("X-Forwarded-For", visitor.ToString());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
