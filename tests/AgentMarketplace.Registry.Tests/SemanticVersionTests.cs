using AgentMarketplace.Registry.Versions;

namespace AgentMarketplace.Registry.Tests;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("0.0.1")]
    [InlineData("1.2.3")]
    [InlineData("1.0.0-alpha")]
    [InlineData("1.0.0-alpha.1")]
    [InlineData("1.0.0-0.3.7")]
    [InlineData("1.0.0-x.7.z.92")]
    [InlineData("1.0.0+20130313144700")]
    [InlineData("1.0.0-beta+exp.sha.5114f85")]
    public void Valid_versions_parse(string version) => Assert.True(SemanticVersion.TryParse(version, out _));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0.0+")]
    [InlineData(" 1.0.0")]
    public void Invalid_versions_do_not_parse(string? version) => Assert.False(SemanticVersion.TryParse(version, out _));

    /// <summary>The precedence example of the SemVer 2.0 specification, item 11.</summary>
    [Fact]
    public void Precedence_follows_the_specification()
    {
        string[] ascending =
        [
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
            "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0",
        ];

        var shuffled = ascending.Reverse().ToList();
        shuffled.Sort(SemanticVersion.Compare);

        Assert.Equal(ascending, shuffled);
    }

    [Fact]
    public void Build_metadata_does_not_change_precedence() =>
        Assert.Equal(0, SemanticVersion.Compare("1.0.0+build.1", "1.0.0+build.2"));

    [Fact]
    public void The_highest_version_is_by_precedence_not_by_text() =>
        Assert.Equal("1.10.0", SemanticVersion.Highest(["1.9.0", "1.10.0", "1.2.0"]));
}
