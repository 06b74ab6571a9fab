using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// docs/openapi.json and the generated client are committed products: they must be what the code makes
/// today, and the document must pass Spectral's standard ruleset. Each check runs the script a developer
/// runs to regenerate them (it says what to run when stale), against the build these tests run on.
/// </summary>
public sealed class CommittedClientArtifactsTests
{
    [Fact]
    public async Task The_committed_document_is_the_codes_and_Spectral_finds_nothing_in_it()
    {
        var (exitCode, output) = await Repository.RunScriptAsync("scripts/openapi.sh", "check", "--no-build");

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task The_committed_client_is_what_the_document_generates()
    {
        var (exitCode, output) = await Repository.RunScriptAsync("scripts/generate-client.sh", "--check");

        Assert.True(exitCode == 0, output);
    }
}
