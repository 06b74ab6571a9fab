using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.SampleAgent;

namespace AgentMarketplace.Demo;

// Usage: dotnet run --project samples/AgentMarketplace.Demo [-- --api http://127.0.0.1:5080 --agent <url of a running agent>
//        --admin-email admin@localhost.test --admin-password change-me-admin-password]
// Without --agent it starts the sample agent on a free loopback port itself.
internal static class DemoCommand
{
    /// <summary>
    /// The service runs on this machine's clock (give or take); a second's margin keeps the billing
    /// period's end in the service's past, and the pause lets the calls just made fall inside it.
    /// </summary>
    private static DateTimeOffset ServerNow()
    {
        Thread.Sleep(TimeSpan.FromSeconds(1.5));
        return DateTimeOffset.UtcNow.AddSeconds(-1);
    }

    public static async Task<int> Main(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
            .ToDictionary(p => p.a[2..], p => args[p.i + 1]);
        var apiUrl = options.GetValueOrDefault("api", "http://127.0.0.1:5080");
        var admin = (options.GetValueOrDefault("admin-email", "admin@localhost.test"), options.GetValueOrDefault("admin-password", "change-me-admin-password"));

        await using var sampleAgent = options.ContainsKey("agent") ? null : SampleAgentApp.Build(["--urls", "http://127.0.0.1:0"]);
        if (sampleAgent is not null)
        {
            await sampleAgent.StartAsync();
        }

        var agentUrl = options.GetValueOrDefault("agent") ?? sampleAgent!.Urls.Single();
        using var api = new HttpClient { BaseAddress = new Uri(apiUrl) };
        Console.WriteLine($"Agent Marketplace demo against {apiUrl}, sample agent at {agentUrl}");
        try
        {
            var outcome = await new DemoWorkflow(api, agentUrl, admin, ServerNow, Console.WriteLine).RunAsync();
            Console.WriteLine($"Done: invoice {outcome.InvoiceStatus} ({outcome.InvoiceTotalCents}¢), publisher net {outcome.PublisherNetCents}¢.");
            return 0;
        }
        catch (ProblemDetails problem)
        {
            Console.Error.WriteLine($"✗ The API answered {problem.StatusCode()} {problem.Title}: {problem.Detail}");
            return 1;
        }
        catch (Exception e) when (e is DemoStepFailed or HttpRequestException)
        {
            Console.Error.WriteLine($"✗ {e.Message}");
            Console.Error.WriteLine("Is the service running (dotnet run --project src/AgentMarketplace.Api) and the admin password right?");
            return 1;
        }
        finally
        {
            if (sampleAgent is not null)
            {
                await sampleAgent.StopAsync();
            }
        }
    }
}
