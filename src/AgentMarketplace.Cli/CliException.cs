namespace AgentMarketplace.Cli;

/// <summary>A problem the user can fix (a missing file, a bad option, no login yet): printed as one message, exit 1.</summary>
internal sealed class CliException(string message) : Exception(message);
