using AgentMarketplace.McpEdge.Registry;
using AgentMarketplace.Registry.Contracts;

namespace AgentMarketplace.McpEdge.Tests;

public sealed class RegistryDocumentsTests
{
    private static readonly ServerDocuments Documents = new("io.agentmarketplace", "https://marketplace.example/mcp");

    private static PublicAgentVersion Entry(ImportedMcpServer? imported = null) => new(
        Guid.NewGuid(), "word-counter", "Word Counter", "Counts words.", imported, Guid.NewGuid(), "1.0.0", "http-json",
        IsLatest: true, Deprecated: false, DeprecationReason: null, VerifiedAt: DateTimeOffset.UnixEpoch,
        PublishedAt: DateTimeOffset.UnixEpoch, UpdatedAt: DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_server_is_named_by_the_namespace_and_slug_unless_it_holds_an_imported_name()
    {
        Assert.Equal("io.agentmarketplace/word-counter", Documents.NameOf(Entry()));
        Assert.Equal("io.example/words", Documents.NameOf(Entry(new ImportedMcpServer("io.example/words", true, null, null, null))));
        Assert.Equal("io.agentmarketplace/word-counter", Documents.NameOf(Entry(new ImportedMcpServer("io.example/words", false, null, null, null))));
        Assert.Equal("io.agentmarketplace/word-counter",
            Documents.NameOf(Entry(new ImportedMcpServer("IO.AgentMarketplace/other", true, null, null, null))));
    }

    [Fact]
    public void A_repository_without_its_required_url_and_source_is_left_out()
    {
        var partial = Documents.Response(Entry(new ImportedMcpServer("io.example/words", true, null, null, new McpServerRepository("https://git.example/w", null, null, null))), null);
        var whole = Documents.Response(Entry(new ImportedMcpServer("io.example/words", true, null, null, new McpServerRepository("https://git.example/w", "github", null, null))), null);

        Assert.Null(partial.Server.Repository);
        Assert.Equal("github", whole.Server.Repository!.Source);
    }

    [Theory]
    [InlineData("Counts words.", "Counts words.")]
    [InlineData("  Counts\n  words. ", "Counts words.")]
    [InlineData("", "-")]
    public void A_short_description_keeps_its_words(string description, string shown)
    {
        Assert.Equal(shown, ServerDocuments.Shorten(description));
    }

    [Fact]
    public void A_long_description_is_cut_at_a_word_within_100_characters()
    {
        var shown = ServerDocuments.Shorten(string.Join(' ', Enumerable.Repeat("counting", 20)));

        Assert.True(shown.Length <= 100);
        Assert.EndsWith("counting…", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_word_is_cut_where_it_must_be()
    {
        var shown = ServerDocuments.Shorten(new string('x', 300));

        Assert.Equal(100, shown.Length);
        Assert.EndsWith("x…", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cursor_comes_back_as_the_position_it_was_made_from_and_nothing_else_decodes()
    {
        var position = new PublicVersionPosition(Guid.NewGuid(), Guid.NewGuid());

        Assert.True(RegistryCursor.TryDecode(RegistryCursor.Encode(position), out var decoded));
        Assert.Equal(position, decoded);
        Assert.False(RegistryCursor.TryDecode("not-a-cursor", out _));
        Assert.False(RegistryCursor.TryDecode(new string('A', 200), out _));
        Assert.False(RegistryCursor.TryDecode(Convert.ToBase64String("a.b"u8.ToArray()), out _));
    }
}
