using System.CommandLine;
using System.Text.Json.Nodes;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Cli.Commands;

/// <summary>
/// `agentmarket versions changes AGENT VERSION`: what a version changes against the one before it, and
/// whether that breaks callers. The route (GET /api/v1/agents/{id}/versions/{version}/changes) is not in
/// docs/openapi.json yet, so this one request is built by hand on the client's adapter; once the route
/// is in the document, the generated builder replaces it. A service without the route answers 404.
/// </summary>
internal static class VersionsCommand
{
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Problems = new() { ["XXX"] = ProblemDetails.CreateFromDiscriminatorValue };

    public static Command Create(CommandRunner runner)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id or slug." };
        var version = new Argument<string>("version") { Description = "The version to compare with the one before it." };
        var changes = new Command("changes", "What a version changes against the previous one, and what of it breaks callers.") { agent, version };
        changes.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var details = await client.Api.V1.Agents[parse.GetValue(agent)!].GetAsync(cancellationToken: ct);
            var request = new RequestInformation(Method.GET, "{+baseurl}/api/v1/agents/{id}/versions/{version}/changes", new Dictionary<string, object>
            {
                ["baseurl"] = client.Adapter.BaseUrl!,
                ["id"] = details!.Id!.Value.ToString(),
                ["version"] = parse.GetValue(version)!,
            });
            request.Headers.Add("Accept", "application/json");
            await using var body = await client.Adapter.SendPrimitiveAsync<Stream>(request, Problems, ct)
                ?? throw new CliException("The service answered no changes.");
            var report = await JsonNode.ParseAsync(body, cancellationToken: ct) as JsonObject ?? [];
            if (output.Json)
            {
                await runner.Context.Out.WriteLineAsync(report.ToJsonString());
                return 0;
            }

            output.Line($"{report["from"]?.ToString() ?? "(first version)"} → {report["to"]}: {(report["breaking"]?.GetValue<bool>() == true ? "BREAKING" : "compatible")}");
            output.Table(["CAPABILITY", "PATH", "KIND", "BREAKING", "DETAIL"], (report["changes"] as JsonArray ?? []).OfType<JsonObject>().Select(c => new[]
            {
                c["capability"]?.ToString(), c["path"]?.ToString(), c["kind"]?.ToString(), c["breaking"]?.ToString(), c["detail"]?.ToString(),
            }));
            return 0;
        }));
        return new Command("versions", "Versions of your agents.") { changes };
    }
}
