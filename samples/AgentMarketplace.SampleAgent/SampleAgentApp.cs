using AgentMarketplace.SampleAgent.A2A;
using AgentMarketplace.SampleAgent.Faults;
using AgentMarketplace.SampleAgent.HttpJson;
using AgentMarketplace.SampleAgent.Mcp;
using AgentMarketplace.SampleAgent.Registration;
using AgentMarketplace.SampleAgent.Skills;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.SampleAgent;

/// <summary>
/// The sample agent as a library, so other test suites can host it in-process: build with
/// <c>["--urls", "http://127.0.0.1:0"]</c>, <c>await app.StartAsync()</c>, then read the bound
/// address from <see cref="WebApplication.Urls"/>.
/// </summary>
public static class SampleAgentApp
{
    /// <summary>Builds (does not start) the agent. <paramref name="configure"/> runs before the app is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The application name is pinned so the host behaves the same whether it runs alone or inside a test host.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(SampleAgentApp).Assembly.GetName().Name,
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Services.Configure<AgentOptions>(builder.Configuration.GetSection(AgentOptions.Section));
        builder.Services.AddSingleton(services => new FaultSwitches(services.GetRequiredService<IOptions<AgentOptions>>().Value.Faults));
        builder.Services.AddSingleton<SkillInvoker>();
        builder.Services.AddSkillTools();
        configure?.Invoke(builder);

        var app = builder.Build();
        // Resolved now so a bad Agent:Faults configuration fails at startup rather than on the first request.
        _ = app.Services.GetRequiredService<FaultSwitches>();

        app.MapHealth();
        app.MapInvoke();
        app.MapAgentCard();
        app.MapA2A();
        app.MapSkillTools();
        app.MapRegistration();
        app.MapServerJson();
        app.MapFaultControl();
        return app;
    }
}
