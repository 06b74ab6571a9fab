using System.CommandLine;
using AgentMarketplace.Cli.Commands;

namespace AgentMarketplace.Cli;

/// <summary>The `agentmarket` command line: each subcommand is one call (or a few) on the generated client.</summary>
internal static class AgentMarketCli
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        var runner = new CommandRunner(context);
        var root = new RootCommand("agentmarket: publish, verify, deploy and invoke agents on an Agent Marketplace.")
        {
            runner.Api,
            runner.Json,
            LoginCommand.Create(runner),
            AgentsCommand.Create(runner),
            PublishCommand.Create(runner),
            VersionsCommand.Create(runner),
            DeploymentCommands.Deploy(runner),
            DeploymentCommands.AutoUpdate(runner),
            DeploymentCommands.Invoke(runner),
            AccountCommands.Usage(runner),
            AccountCommands.Invoices(runner),
        };
        // Every failure is answered by the commands themselves; the default handler would print a stack trace.
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration
        {
            Output = context.Out,
            Error = context.Error,
            EnableDefaultExceptionHandler = false,
        }, ct);
    }
}
