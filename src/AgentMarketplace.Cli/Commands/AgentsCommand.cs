using System.CommandLine;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Cli.Commands;

/// <summary>`agentmarket agents create`: registers an agent (publishers).</summary>
internal static class AgentsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var slug = new Option<string>("--slug") { Description = "Unique, lowercase letters, digits and dashes.", Required = true };
        var name = new Option<string>("--name") { Description = "The agent's name.", Required = true };
        var description = new Option<string?>("--description") { Description = "What it does." };
        var category = new Option<string[]>("--category") { Description = "A category (repeat for more).", AllowMultipleArgumentsPerToken = false };
        var tag = new Option<string[]>("--tag") { Description = "A tag (repeat for more)." };
        var create = new Command("create", "Register an agent; publish versions of it with `agentmarket publish`.") { slug, name, description, category, tag };
        create.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var agent = await client.Api.V1.Agents.PostAsync(new CreateAgentRequest
            {
                Slug = parse.GetValue(slug),
                Name = parse.GetValue(name),
                Description = parse.GetValue(description),
                Categories = [.. parse.GetValue(category) ?? []],
                Tags = [.. parse.GetValue(tag) ?? []],
            }, cancellationToken: ct);
            await output.ResultAsync(agent!, () => output.Line($"Created agent {agent!.Slug} ({agent.Id})"));
            return 0;
        }));
        return new Command("agents", "Your agents.") { create };
    }
}
