using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Cli.Commands;

/// <summary>
/// `agentmarket publish FILE`: creates the version a registration.json, server.json or A2A agent card
/// describes, then verifies it against the live agent and prints each capability's result; a failed
/// verification exits 1 (the version stays, but cannot be deployed until a verification passes).
/// </summary>
internal static class PublishCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<string>("file") { Description = "registration.json (a version body), server.json (MCP Registry) or an A2A agent card." };
        var agent = new Option<string?>("--agent") { Description = "For a registration.json: the agent (id or slug) it is a version of." };
        var version = new Option<string?>("--version") { Description = "The version number, where the file gives none or another." };
        var endpoint = new Option<string?>("--endpoint-url") { Description = "For a registration.json: where the agent answers, where the file gives none or another." };
        var slug = new Option<string?>("--slug") { Description = "For a server.json or agent card: the new agent's slug." };
        var category = new Option<string[]>("--category") { Description = "For a server.json or agent card: a category (repeat for more)." };
        var command = new Command("publish", "Create a version from a file, verify it against the live agent and print each capability's result.")
        {
            file, agent, version, endpoint, slug, category,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var path = parse.GetValue(file)!;
            var document = InputFiles.ReadObject(path);
            if (parse.GetValue(version) is { } number)
            {
                document["version"] = number;
            }

            var (newSlug, categories) = (parse.GetValue(slug), parse.GetValue(category));
            var (agentId, agentSlug, published) = InputFiles.KindOf(document, path) switch
            {
                DocumentKind.Registration => await PublishVersionAsync(client, document, path, parse.GetValue(agent), parse.GetValue(endpoint), ct),
                DocumentKind.ServerJson => Imported(await client.Api.V1.Agents.Import.Mcp.PostAsync(await ModelAsync<ServerJson>(document, ct), r =>
                {
                    r.QueryParameters.Slug = newSlug;
                    r.QueryParameters.Category = categories;
                }, ct)),
                _ => Imported(await client.Api.V1.Agents.Import.A2a.PostAsync(await ModelAsync<AgentCard>(document, ct), r =>
                {
                    r.QueryParameters.Slug = newSlug;
                    r.QueryParameters.Category = categories;
                }, ct)),
            };
            output.Note($"Published {agentSlug} {published} ({path}); verifying: calling each capability's examples…");
            var report = await VerifyAsync(client, agentId, published, output, ct);
            await output.ResultAsync(report, () =>
            {
                output.Table(["CAPABILITY", "RESULT", "LATENCY", "ERROR"], (report.Results ?? []).Select(r => new[]
                {
                    r.Capability, r.Passed == true ? "passed" : "FAILED", $"{r.LatencyMs?.ToString(CultureInfo.InvariantCulture)} ms", r.Error,
                }));
                output.Line($"{agentSlug} {published}: {report.Status}");
            });
            if (report.Status == "verified")
            {
                return 0;
            }

            output.Note($"Verification failed: {agentSlug} {published} is published but cannot be deployed until a verification passes.");
            return CommandRunner.Failed;
        }));
        return command;
    }

    private static async Task<(string AgentId, string Slug, string Version)> PublishVersionAsync(
        MarketplaceApiClient client, JsonObject document, string path, string? agent, string? endpoint, CancellationToken ct)
    {
        if (agent is null)
        {
            throw new CliException($"{path} is a version body: give the agent it belongs to with --agent <id or slug>.");
        }

        if (endpoint is not null)
        {
            document["endpointUrl"] = endpoint;
        }

        if (document["version"] is null)
        {
            throw new CliException($"{path} names no version: give one with --version.");
        }

        var details = await client.Api.V1.Agents[agent].GetAsync(cancellationToken: ct);
        var created = await client.Api.V1.Agents[details!.Id!.Value.ToString()].Versions.PostAsync(
            await ModelAsync<PublishVersionRequest>(document, ct), cancellationToken: ct);
        return (details.Id.Value.ToString(), details.Slug!, created!.Version!.Version!);
    }

    private static (string AgentId, string Slug, string Version) Imported(ImportedAgent? imported) =>
        (imported!.Agent!.Id!.Value.ToString(), imported.Agent.Slug!, imported.Version!.Version!.Version!);

    private static async Task<VerificationReport> VerifyAsync(MarketplaceApiClient client, string agentId, string version, Output output, CancellationToken ct)
    {
        var verifying = client.Api.V1.Agents[agentId].Versions[version].Verify.PostAsync(cancellationToken: ct);
        var clock = Stopwatch.StartNew();
        // Progress while the agent is called: a line a second on stderr until the report comes.
        while (await Task.WhenAny(verifying, Task.Delay(TimeSpan.FromSeconds(1), ct)) != verifying)
        {
            output.Note($"  still verifying… {clock.Elapsed.TotalSeconds:0} s");
        }

        return (await verifying)!;
    }

    private static Task<T> ModelAsync<T>(JsonObject document, CancellationToken ct) where T : IParsable, new() =>
        KiotaJsonSerializer.DeserializeAsync<T>(document.ToJsonString(), ct)!;
}
