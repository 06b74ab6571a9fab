using AgentMarketplace.Api.Observability;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;

namespace AgentMarketplace.IntegrationTests.Platform;

public sealed class ModuleLoggingTests(LogCapturingFactory factory) : IClassFixture<LogCapturingFactory>
{
    [Fact]
    public void A_modules_log_event_outside_any_request_names_its_module()
    {
        factory.CreateClient();
        var logger = factory.Services.GetRequiredService<ILoggerFactory>()
            .CreateLogger("AgentMarketplace.Billing.Invoices.BillingSystem");
        var marker = Guid.NewGuid().ToString();

        logger.LogWarning("Background work {Marker}", marker);

        var logged = Assert.Single(factory.Logs.Events, e => e.Properties.TryGetValue("Marker", out var m) && m.ToString() == $"\"{marker}\"");
        Assert.Equal("\"Billing\"", logged.Properties["Module"].ToString());
    }

    [Theory]
    [InlineData("AgentMarketplace.Deployment.Gateway.InvocationGateway", null, "Deployment")]
    [InlineData("AgentMarketplace.Billing.Usage.UsageTracker", "Deployment", "Billing")]
    [InlineData("Microsoft.AspNetCore.Routing.EndpointMiddleware", "Users", "Users")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics", null, null)]
    [InlineData("AgentMarketplace.BuildingBlocks.Http.Problems", null, null)]
    public void The_writing_modules_namespace_wins_over_the_endpoints_scope(string source, string? scopeModule, string? expected)
    {
        var properties = new List<LogEventProperty> { new(Constants.SourceContextPropertyName, new ScalarValue(source)) };
        if (scopeModule is not null)
        {
            properties.Add(new LogEventProperty("Module", new ScalarValue(scopeModule)));
        }

        var logEvent = new LogEvent(DateTimeOffset.UtcNow, LogEventLevel.Warning, null, new MessageTemplate("x", []), properties);

        new ModuleEnricher(AgentMarketplace.Api.Modules.Names).Enrich(logEvent, null!);

        Assert.Equal(expected, logEvent.Properties.TryGetValue("Module", out var module) ? ((ScalarValue)module).Value : null);
    }
}
