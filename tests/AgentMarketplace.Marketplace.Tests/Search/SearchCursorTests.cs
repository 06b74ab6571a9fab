using System.Buffers.Text;
using System.Text;
using AgentMarketplace.Marketplace.Search;

namespace AgentMarketplace.Marketplace.Tests.Search;

public sealed class SearchCursorTests
{
    private static readonly SearchQuery Query = new("data", null, null, null, null, null, null, null, "relevance", null, null);

    private static string Encoded(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void A_cursor_decodes_to_what_was_encoded()
    {
        var cursor = new SearchCursor("q1", 1.25, null, null, Guid.NewGuid(), Fuzzy: true, Total: 42)
        {
            HeadEnd = new PopularityKey(7, Guid.NewGuid()), Tail = true, Walk = true, Floor = 42,
        };

        Assert.Equal(cursor, SearchCursor.Decode(cursor.Encode()));
    }

    [Fact]
    public void Each_kind_of_key_survives_the_round_trip()
    {
        var id = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 11, 24, 21, 5, 0, TimeSpan.Zero);

        Assert.Equal(1234567890123L, SearchCursor.Decode(new SearchCursor("q", null, 1234567890123L, null, id).Encode())!.Number);
        Assert.Equal(at, SearchCursor.Decode(new SearchCursor("q", null, null, at, id).Encode())!.Time);
        Assert.Equal(0.1 + 0.2, SearchCursor.Decode(new SearchCursor("q", 0.1 + 0.2, null, null, id).Encode())!.Score);
    }

    [Fact]
    public void A_cursor_leaves_out_what_is_at_its_default_and_is_url_safe()
    {
        var encoded = new SearchCursor("q", null, 5, null, Guid.NewGuid()).Encode();

        var json = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encoded));
        Assert.DoesNotContain("fuzzy", json, StringComparison.Ordinal);
        Assert.DoesNotContain("total", json, StringComparison.Ordinal);
        Assert.DoesNotContain("tail", json, StringComparison.Ordinal);
        Assert.DoesNotContain("score", json, StringComparison.Ordinal);
        Assert.All(encoded, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' is not URL-safe"));
    }

    [Theory]
    [InlineData("not a cursor")]
    [InlineData("%%%")]
    [InlineData("")]
    public void Text_that_is_not_a_cursor_decodes_to_nothing(string cursor) => Assert.Null(SearchCursor.Decode(cursor));

    [Theory]
    [InlineData("""{"score":1,"id":"7d3c9b8e-1111-4a5b-9c1d-2e3f4a5b6c7d"}""")]
    [InlineData("""{"query":"q","score":1,"id":"00000000-0000-0000-0000-000000000000"}""")]
    [InlineData("""{"query":"q","score":1}""")]
    [InlineData("""{"query":"q","score":1,"id":"7d3c9b8e-1111-4a5b-9c1d-2e3f4a5b6c7d","total":-1}""")]
    [InlineData("""{"query":"q","score":1,"id":"not-a-guid"}""")]
    [InlineData("""[1, 2, 3]""")]
    public void Json_missing_a_query_or_an_id_or_with_a_negative_total_decodes_to_nothing(string json) =>
        Assert.Null(SearchCursor.Decode(Encoded(json)));

    [Fact]
    public void A_fingerprint_is_the_same_for_the_same_query_and_differs_for_another()
    {
        var same = SearchCursor.Fingerprint(Query with { });
        var otherWords = SearchCursor.Fingerprint(Query with { Q = "email" });
        var otherFilter = SearchCursor.Fingerprint(Query with { Category = "data" });

        Assert.Equal(SearchCursor.Fingerprint(Query), same);
        Assert.NotEqual(same, otherWords);
        Assert.NotEqual(same, otherFilter);
        Assert.Equal(16, same.Length);
    }
}
