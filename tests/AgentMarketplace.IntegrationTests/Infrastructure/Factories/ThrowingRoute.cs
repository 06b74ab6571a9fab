using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// A test-only route that throws <paramref name="message"/> the way a bug would (the product has no such
/// route). It is added after the app's own pipeline, so the app's exception handler sees the throw as it
/// would a bug's; its path must be under the API's prefixes, which the storefront's not-found page leaves alone.
/// </summary>
internal sealed class ThrowingRoute(string path, string message) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((http, nextMiddleware) => http.Request.Path == path
            ? throw new InvalidOperationException(message)
            : nextMiddleware(http));
    };
}
