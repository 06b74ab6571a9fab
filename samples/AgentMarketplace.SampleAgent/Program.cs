namespace AgentMarketplace.SampleAgent;

internal static class Program
{
    public static void Main(string[] args) => SampleAgentApp.Build(args).Run();
}
