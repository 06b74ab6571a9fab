namespace AgentMarketplace.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => AgentMarketCli.RunAsync(args, CliContext.FromConsole());
}
