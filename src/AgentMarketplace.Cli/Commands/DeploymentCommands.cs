using System.CommandLine;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Cli.Commands;

/// <summary>`agentmarket deploy`, `auto-update` and `invoke`: run an agent, choose whether it follows compatible versions, call it through the gateway.</summary>
internal static class DeploymentCommands
{
    private static readonly string[] AutoUpdateModes = ["none", "compatible"];

    public static Command Deploy(CommandRunner runner)
    {
        var agent = new Argument<string>("agent") { Description = "The agent's id or slug." };
        var version = new Option<string?>("--version") { Description = "The version (default: the latest verified)." };
        var environment = new Option<string>("--environment") { Description = "The environment.", DefaultValueFactory = _ => "production" };
        var autoUpdate = AutoUpdateOption();
        var command = new Command("deploy", "Deploy an agent version for yourself; calls are billed at its listing's price.")
        {
            agent, version, environment, autoUpdate,
        };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var details = await client.Api.V1.Agents[parse.GetValue(agent)!].GetAsync(cancellationToken: ct);
            var deployment = await client.Api.V1.Deployments.PostAsync(new CreateDeploymentRequest
            {
                AgentId = details!.Id,
                Version = parse.GetValue(version),
                Environment = parse.GetValue(environment),
                AutoUpdate = parse.GetValue(autoUpdate),
            }, cancellationToken: ct);
            await output.ResultAsync(deployment!, () => output.Line(
                $"Deployed {deployment!.AgentSlug} {deployment.Version} to {deployment.Environment}: {deployment.Id} ({deployment.Status}, " +
                $"auto-update {deployment.AutoUpdate})"));
            return 0;
        }));
        return command;
    }

    public static Command AutoUpdate(CommandRunner runner)
    {
        var deployment = new Argument<Guid>("deployment") { Description = "The deployment's id." };
        var mode = new Argument<string>("mode") { Description = "compatible: follow new versions that break nothing of the deployed one; none: stay." };
        mode.AcceptOnlyFromAmong(AutoUpdateModes);
        var command = new Command("auto-update", "Choose whether one of your deployments follows compatible versions (health-checked).") { deployment, mode };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var changed = await client.Api.V1.Deployments[parse.GetValue(deployment)].PatchAsync(
                new ChangeDeploymentRequest { AutoUpdate = parse.GetValue(mode) }, cancellationToken: ct);
            await output.ResultAsync(changed!, () => output.Line(
                $"{changed!.AgentSlug} in {changed.Environment} ({changed.Id}): auto-update {changed.AutoUpdate}, version {changed.Version}"));
            return 0;
        }));
        return command;
    }

    private static Option<string?> AutoUpdateOption()
    {
        var option = new Option<string?>("--auto-update") { Description = "compatible: follow new versions that break nothing of this one (default: none)." };
        option.AcceptOnlyFromAmong(AutoUpdateModes);
        return option;
    }

    public static Command Invoke(CommandRunner runner)
    {
        var deployment = new Argument<Guid>("deployment") { Description = "The deployment's id." };
        var capability = new Argument<string>("capability") { Description = "The capability to call." };
        var input = new Option<string?>("--input") { Description = "The input as JSON, e.g. '{\"text\":\"hello\"}'." };
        var inputFile = new Option<string?>("--input-file") { Description = "A file holding the input as JSON." };
        var command = new Command("invoke", "Call a capability of one of your deployments; prints its output.") { deployment, capability, input, inputFile };
        command.SetAction((parse, ct) => runner.RunAsync(parse, async (client, output) =>
        {
            var given = (parse.GetValue(input), parse.GetValue(inputFile)) switch
            {
                ({ } text, null) => InputFiles.ParseObject(text, "--input"),
                (null, { } path) => InputFiles.ReadObject(path),
                (null, null) => throw new CliException("Give the input with --input '<json>' or --input-file <file>."),
                _ => throw new CliException("Give --input or --input-file, not both."),
            };
            var answer = await client.Api.V1.Deployments[parse.GetValue(deployment)].Invoke.PostAsync(
                new InvokeRequest { Capability = parse.GetValue(capability), Input = FreeFormJson.From(given) }, cancellationToken: ct);
            await output.ResultAsync(answer!, () =>
            {
                output.Line(FreeFormJson.ToJson(answer!.Output));
                output.Note($"{answer.Usage?.Units} unit(s), {answer.LatencyMs} ms");
            });
            return 0;
        }));
        return command;
    }
}
