namespace AgentMarketplace.Cli;

/// <summary>
/// Where the CLI reads and writes and how it reaches the service: the console and the user's config
/// folder for a real run, test doubles of the streams and a test server's handler in tests.
/// </summary>
/// <param name="In">Where a piped password comes from.</param>
/// <param name="Out">Results: tables, lines, or JSON with `--json`.</param>
/// <param name="Error">Progress, notes and problems.</param>
/// <param name="ConfigDirectory">Where credentials.json is kept.</param>
/// <param name="Handler">The HTTP handler to send through; null for a real network connection.</param>
internal sealed record CliContext(TextReader In, TextWriter Out, TextWriter Error, string ConfigDirectory, HttpMessageHandler? Handler = null)
{
    public const string ConfigDirectoryVariable = "AGENTMARKET_CONFIG_DIR";

    /// <summary>The console, and `$AGENTMARKET_CONFIG_DIR` or the user's config folder (`~/.config/agentmarket` on Linux).</summary>
    public static CliContext FromConsole() => new(Console.In, Console.Out, Console.Error,
        Environment.GetEnvironmentVariable(ConfigDirectoryVariable) is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "agentmarket"));
}
