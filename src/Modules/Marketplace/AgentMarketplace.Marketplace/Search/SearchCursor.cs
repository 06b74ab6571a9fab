using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>Where the previous page ended: its last row's sort key and id, and which query it belongs to.</summary>
/// <remarks>
/// It also carries the first page's count and whether typo tolerance was on, so later pages neither count
/// again nor change mode; and for relevance, where the ranked head ends, whether the page ended in the
/// tail (its key is then a popularity) and how the candidates were found. The key is in Score, Number or
/// Time, by its type (<see cref="SortKey.CursorFor"/>).
/// </remarks>
internal sealed record SearchCursor(string Query, double? Score, long? Number, DateTimeOffset? Time, Guid Id, bool Fuzzy = false, long Total = 0)
{
    public PopularityKey? HeadEnd { get; init; }

    public bool Tail { get; init; }

    public bool Walk { get; init; }

    /// <summary>Whether the first page found the words implied by the facets filtered by, so later pages need no text index either.</summary>
    public bool Implied { get; init; }

    /// <summary>
    /// The popularity floor the first page's candidates were found above (null: none). Later pages do not read
    /// it (the head's end bounds them); it says how a page was found, to whoever looks into a search.
    /// </summary>
    public long? Floor { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    private static readonly JsonSerializerOptions QueryJson = new(JsonSerializerDefaults.Web);

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <summary>The cursor, or null when <paramref name="cursor"/> is not one this server could have issued.</summary>
    public static SearchCursor? Decode(string cursor)
    {
        try
        {
            var decoded = JsonSerializer.Deserialize<SearchCursor>(Base64Url.DecodeFromChars(cursor), Json);
            return decoded is { Query: not null, Total: >= 0 } && decoded.Id != Guid.Empty ? decoded : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>What a cursor's Query holds: a short hash of the query it pages, so it fits no other.</summary>
    public static string Fingerprint(SearchQuery query) =>
        Base64Url.EncodeToString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(query, QueryJson)).AsSpan(0, 12));
}

/// <summary>A place in popularity order: the ranked head's last candidate.</summary>
internal sealed record PopularityKey(long Popularity, Guid Id);
