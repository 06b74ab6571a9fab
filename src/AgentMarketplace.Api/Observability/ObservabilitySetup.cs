using AgentMarketplace.BuildingBlocks.Persistence;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace AgentMarketplace.Api.Observability;

internal static class ObservabilitySetup
{
    public const string MeterPrefix = "AgentMarketplace.";

    /// <summary>
    /// Serilog to the console: readable text while developing, one JSON object a line in Production.
    /// Each host keeps its own logger (not the static Log.Logger), which the container disposes, so
    /// two hosts in one process — the tests' two-instance runs — never write into each other's sinks.
    /// </summary>
    public static WebApplicationBuilder AddPlatformLogging(this WebApplicationBuilder builder)
    {
        var json = builder.Environment.IsProduction();
        builder.Services.AddSerilog((services, logger) =>
        {
            logger.ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                .Enrich.With(new ModuleEnricher(Modules.Names))
                .Enrich.WithProperty("Application", "AgentMarketplace")
                .Filter.ByExcluding(IsMissingMigrationHistoryProbe)
                .Filter.ByExcluding(IsDatabaseOutageEcho);
            if (json)
            {
                logger.WriteTo.Console(new RenderedCompactJsonFormatter());
            }
            else
            {
                logger.WriteTo.Console(outputTemplate:
                    "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {Properties:j}{NewLine}{Exception}");
            }
        }, preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// Npgsql's EF provider finds out whether a schema's migration history exists by querying it and
    /// logs the expected failure as an error on every fresh database (npgsql/efcore.pg#3407).
    /// </summary>
    private static bool IsMissingMigrationHistoryProbe(LogEvent logEvent) =>
        logEvent.Level == LogEventLevel.Error
        && logEvent.Properties.TryGetValue("commandText", out var command)
        && command.ToString().Contains("__EFMigrationsHistory", StringComparison.Ordinal)
        && command.ToString().Contains("SELECT migration_id", StringComparison.Ordinal);

    /// <summary>
    /// An outage of PostgreSQL is logged once as it begins and once as it ends, by DatabaseCircuit. Whatever
    /// else reports the exception that says so — EF Core for each failed query, the bearer handler for each
    /// token it could not check, the health checks for each unready probe — would log thousands of lines a
    /// minute under load, and is dropped.
    /// </summary>
    private static bool IsDatabaseOutageEcho(LogEvent logEvent)
    {
        var source = logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var context)
            ? (context as ScalarValue)?.Value as string ?? ""
            : "";
        return (logEvent.Exception?.IsDatabaseUnavailable() == true && source != typeof(DatabaseCircuit).FullName)
            || (source == "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"
                && logEvent.Properties.TryGetValue("HealthCheckName", out var check) && check.ToString() == "\"database\"");
    }

    /// <summary>
    /// OpenTelemetry: ASP.NET Core and HttpClient metrics, the platform's own meters and a Prometheus scrape
    /// endpoint always; when OTEL_EXPORTER_OTLP_ENDPOINT is set, OTLP export of those and of ASP.NET Core,
    /// HttpClient and Npgsql traces. Without an exporter no tracer is registered: recording spans that go
    /// nowhere cost every gateway call (a span per request, agent call and SQL command). Requests still
    /// carry a trace id (ASP.NET Core starts an activity per request) for logs and error reports.
    /// </summary>
    public static WebApplicationBuilder AddPlatformTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("agent-marketplace"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddMeter(MeterPrefix + "*")
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            // Npgsql emits its own activities (one per command) under the "Npgsql" source.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource("Npgsql")
                .AddOtlpExporter());
        }

        return builder;
    }
}
