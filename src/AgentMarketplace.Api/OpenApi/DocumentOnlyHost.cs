using System.Reflection;
using System.Security.Cryptography;
using AgentMarketplace.BuildingBlocks.Persistence;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// The host as the Swashbuckle CLI starts it to write docs/openapi.json (scripts/openapi.sh): the same
/// services and endpoints, but no database and none of the platform's own hosted services (migrations,
/// schedulers, LISTEN), so the document is made on a machine without PostgreSQL. The CLI starts the
/// host with a server that never listens; only the document is read from it.
/// </summary>
internal static class DocumentOnlyHost
{
    /// <summary>The entry assemblies of the tools that load this host only to read its OpenAPI document.</summary>
    private static readonly string[] DocumentTools = ["dotnet-swagger", "GetDocument.Insider"];

    public static bool IsActive { get; } = DocumentTools.Contains(Assembly.GetEntryAssembly()?.GetName().Name);

    /// <summary>The app's own folder as content root (appsettings.json is there), wherever the tool was started.</summary>
    public static WebApplicationOptions Options(string[] args) =>
        new() { Args = args, ContentRootPath = IsActive ? AppContext.BaseDirectory : null };

    /// <summary>Settings the host needs to start, none of them ever used: nothing connects or signs.</summary>
    public static void Configure(WebApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ModuleDatabaseRegistration.ConnectionStringName}"] = "Host=document-only.invalid;Database=none",
            ["Jwt:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            [Database.PlatformDatabase.DataDirectoryKey] = Path.Combine(Path.GetTempPath(), "agent-marketplace-openapi"),
        });
    }

    /// <summary>Drops the hosted services the platform registered; the framework's own (the web host) stay.</summary>
    public static void RemovePlatformHostedServices(IServiceCollection services)
    {
        var platform = services.Where(d => d.ServiceType == typeof(IHostedService) && !d.IsKeyedService && IsPlatformType(Implementation(d))).ToList();
        foreach (var descriptor in platform)
        {
            services.Remove(descriptor);
        }
    }

    private static Type? Implementation(ServiceDescriptor descriptor) =>
        descriptor.ImplementationType ?? descriptor.ImplementationInstance?.GetType() ?? descriptor.ImplementationFactory?.Method.DeclaringType;

    private static bool IsPlatformType(Type? type) =>
        type?.Assembly.GetName().Name?.StartsWith("AgentMarketplace.", StringComparison.Ordinal) == true;
}
