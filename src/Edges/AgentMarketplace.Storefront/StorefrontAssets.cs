using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Storefront;

/// <summary>
/// The stylesheet and the icon, embedded in this assembly and served from memory: two small files do not
/// need the static web assets pipeline, and embedded they cannot go missing from a published host.
/// </summary>
internal static class StorefrontAssets
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/storefront.css", "Storefront.site.css", "text/css; charset=utf-8"),
        ("/favicon.svg", "Storefront.favicon.svg", "image/svg+xml"),
    ];

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))[..16]}\"");
            endpoints.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=3600";
                return Results.Bytes(bytes, contentType, entityTag: etag);
            }).ExcludeFromDescription();
        }

        endpoints.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The storefront's {resource} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
