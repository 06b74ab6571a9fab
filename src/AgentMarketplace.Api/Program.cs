using AgentMarketplace.Api;
using AgentMarketplace.Api.Database;
using AgentMarketplace.Api.Errors;
using AgentMarketplace.Api.Http;
using AgentMarketplace.Api.Observability;
using AgentMarketplace.Api.OpenApi;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.LocalPostgres;
using AgentMarketplace.Storefront;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Serilog;

// A backstop for regular expressions built without a timeout of their own (in any library): none may hold
// a core for long. Publishers' patterns never get here: they are matched in linear time under a budget
// of their own (AgentProtocol/Schemas/LinearPatterns).
AppContext.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromMilliseconds(250));

var migrateOnly = args.Length > 0 && args[0] == "migrate";
LocalPostgresCluster? localPostgres = null;
try
{
    ValidationConventions.Apply();
    var builder = WebApplication.CreateBuilder(DocumentOnlyHost.Options(migrateOnly ? args[1..] : args));
    if (DocumentOnlyHost.IsActive)
    {
        DocumentOnlyHost.Configure(builder);
    }

    localPostgres = await PlatformDatabase.ConfigureAsync(builder);

    builder.AddPlatformLogging();
    builder.AddPlatformTelemetry();
    builder.Services.AddOptions<PlatformOptions>().BindConfiguration(PlatformOptions.SectionName)
        .ValidateDataAnnotations().ValidateOnStart();
    builder.Services.AddSingleton(TimeProvider.System);
    // Keys that encrypt stored secrets (deployment config) live with the rest of the platform's data.
    builder.Services.AddDataProtection()
        .SetApplicationName("agent-marketplace")
        .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(builder.Configuration[PlatformDatabase.DataDirectoryKey]!, "keys")));
    builder.Services.AddSingleton<MigrationState>();
    // Registered before the modules: hosted services start in order, and modules may seed data.
    builder.Services.AddSingleton<DatabaseMigrator>();
    builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator>());
    builder.Services.AddPlatformProblemDetails();
    builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
    builder.Services.Configure<JsonOptions>(options => options.SerializerOptions.MaxDepth = 64);
    builder.Services.AddRateLimiter(options =>
    {
        // The built-in default is 503; a client over its limit is told 429 and when to come back.
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = async (context, cancellationToken) =>
        {
            if (context.Lease.TryGetMetadata(System.Threading.RateLimiting.MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter =
                    ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests." },
            });
        };
    });
    builder.Services.AddHealthChecks().AddCheck<DatabaseReadyHealthCheck>("database", tags: ["ready"]);
    builder.Services.AddPlatformSwagger();
    builder.Services.AddModules(builder.Configuration);
    if (DocumentOnlyHost.IsActive)
    {
        DocumentOnlyHost.RemovePlatformHostedServices(builder.Services);
    }

    var app = builder.Build();

    if (migrateOnly)
    {
        await app.Services.GetRequiredService<DatabaseMigrator>().StartAsync(CancellationToken.None);
        Console.WriteLine("Migrations applied.");
        return 0;
    }

    // Only loopback proxies are trusted (the defaults): the storefront, calling this host's API for its
    // visitors, names each visitor's address, so per-address limits count visitors rather than the storefront.
    app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor });
    app.UseCorrelationId();
    app.UseSerilogRequestLogging(options =>
    {
        options.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("UserAgent", http.Request.Headers.UserAgent.ToString());
        // A 503 says a dependency is down, which is logged once where it is seen (DatabaseCircuit, the agent
        // circuit breaker); as an error per request it would flood the log for as long as the outage lasts.
        options.GetLevel = (http, _, exception) =>
            exception is not null || (http.Response.StatusCode > 499 && http.Response.StatusCode != StatusCodes.Status503ServiceUnavailable)
                ? Serilog.Events.LogEventLevel.Error
                : Serilog.Events.LogEventLevel.Information;
    });
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseRequestBodyLimit();
    app.UseDatabaseOutageShedding();
    app.UsePlatformSwagger();
    app.UseAuthentication();
    app.UseAuthorization();
    // The storefront's forms carry antiforgery tokens; the API's JSON endpoints take no form posts.
    app.UseAntiforgery();
    app.UseStorefrontNotFound();
    app.UseRateLimiter();

    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
    app.MapPrometheusScrapingEndpoint("/metrics");
    app.MapModules();

    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            Console.WriteLine($"Agent Marketplace is listening on {address} — Swagger UI: {address}/swagger");
        }
    });

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is StartupException or PostgresNotFoundException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"Agent Marketplace cannot start: {e.Message}");
    return 1;
}
finally
{
    if (localPostgres is not null)
    {
        await localPostgres.DisposeAsync();
    }
}

/// <summary>Entry point; public so the integration tests' WebApplicationFactory can find it.</summary>
public partial class Program;
