using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Marketplace.Search;
using NpgsqlTypes;

namespace AgentMarketplace.Marketplace.Tests.Search;

public sealed class SortKeysTests
{
    private static readonly Guid Id = Guid.NewGuid();

    [Theory]
    [InlineData(SearchSorts.Relevance, NpgsqlDbType.Double, true)]
    [InlineData(SearchSorts.Rating, NpgsqlDbType.Double, true)]
    [InlineData(SearchSorts.Popular, NpgsqlDbType.Bigint, true)]
    [InlineData(SearchSorts.Newest, NpgsqlDbType.TimestampTz, true)]
    [InlineData(SearchSorts.Price, NpgsqlDbType.Bigint, false)]
    public void Each_sort_has_a_key_type_and_direction(string sort, NpgsqlDbType type, bool descending)
    {
        var key = SortKeys.For(sort, fuzzy: false);

        Assert.Equal(type, key.Type);
        Assert.Equal(descending, key.Descending);
        Assert.False(key.RanksEveryMatch);
    }

    [Fact]
    public void Only_typo_tolerant_relevance_ranks_every_match()
    {
        Assert.True(SortKeys.For(SearchSorts.Relevance, fuzzy: true).RanksEveryMatch);
        Assert.NotEqual(SortKeys.For(SearchSorts.Relevance, fuzzy: false).Expression, SortKeys.For(SearchSorts.Relevance, fuzzy: true).Expression);
        Assert.Equal(SortKeys.For(SearchSorts.Rating, fuzzy: false), SortKeys.For(SearchSorts.Rating, fuzzy: true));
    }

    [Fact]
    public void An_unknown_sort_is_by_popularity() =>
        Assert.Equal(SortKeys.For(SearchSorts.Popular, fuzzy: false), SortKeys.For("anything else", fuzzy: false));

    [Fact]
    public void A_cursor_carries_the_key_in_the_field_of_its_type()
    {
        var at = DateTimeOffset.UtcNow;

        var score = SortKeys.For(SearchSorts.Rating, false).CursorFor("q", 4.07, Id, fuzzy: false, total: 9);
        var number = SortKeys.For(SearchSorts.Price, false).CursorFor("q", 250L, Id, fuzzy: true, total: 9);
        var time = SortKeys.For(SearchSorts.Newest, false).CursorFor("q", at, Id, fuzzy: false, total: 9);

        Assert.Equal((4.07, (long?)null, (DateTimeOffset?)null), (score.Score, score.Number, score.Time));
        Assert.Equal(((double?)null, 250L, (DateTimeOffset?)null), (number.Score, number.Number, number.Time));
        Assert.Equal(((double?)null, (long?)null, at), (time.Score, time.Number, time.Time));
        Assert.True(number.Fuzzy);
        Assert.All(new[] { score, number, time }, c => Assert.Equal((Id, 9L, "q"), (c.Id, c.Total, c.Query)));
    }

    [Fact]
    public void A_key_read_from_a_cursor_becomes_the_afterKey_parameter_of_its_type()
    {
        var at = new DateTimeOffset(2026, 11, 24, 22, 0, 0, TimeSpan.FromHours(2));

        var rating = SortKeys.For(SearchSorts.Rating, false).CursorParameter(new SearchCursor("q", 3.5, null, null, Id));
        var price = SortKeys.For(SearchSorts.Price, false).CursorParameter(new SearchCursor("q", null, 99, null, Id));
        var newest = SortKeys.For(SearchSorts.Newest, false).CursorParameter(new SearchCursor("q", null, null, at, Id));

        Assert.Equal(("afterKey", NpgsqlDbType.Double, (object)3.5), (rating!.ParameterName, rating.NpgsqlDbType, rating.Value!));
        Assert.Equal(("afterKey", NpgsqlDbType.Bigint, (object)99L), (price!.ParameterName, price.NpgsqlDbType, price.Value!));
        Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)newest!.Value!).Offset);
        Assert.Equal(at, (DateTimeOffset)newest.Value!);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_score_that_is_not_a_number_is_no_key(double score) =>
        Assert.Null(SortKeys.For(SearchSorts.Rating, false).CursorParameter(new SearchCursor("q", score, null, null, Id)));

    [Fact]
    public void A_cursor_without_the_sorts_key_is_no_key()
    {
        var numberOnly = new SearchCursor("q", null, 5, null, Id);

        Assert.Null(SortKeys.For(SearchSorts.Rating, false).CursorParameter(numberOnly));
        Assert.Null(SortKeys.For(SearchSorts.Newest, false).CursorParameter(numberOnly));
        Assert.NotNull(SortKeys.For(SearchSorts.Popular, false).CursorParameter(numberOnly));
    }

    [Fact]
    public void A_page_ending_in_the_relevance_tail_is_continued_by_popularity()
    {
        // Tail rows are keyed by popularity (a long): the cursor must carry it as a number, which the
        // tail key reads back, while a relevance score would not do.
        var cursor = SortKeys.RelevanceTail.CursorFor("q", (object)1200L, Id, fuzzy: false, total: 1001) with { Tail = true };

        var decoded = SearchCursor.Decode(cursor.Encode())!;

        Assert.Equal(1200L, SortKeys.RelevanceTail.CursorParameter(decoded)!.Value);
        Assert.Null(SortKeys.For(SearchSorts.Relevance, false).CursorParameter(decoded));
    }
}
