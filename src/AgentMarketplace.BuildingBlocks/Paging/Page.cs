using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using AgentMarketplace.BuildingBlocks.Domain;

namespace AgentMarketplace.BuildingBlocks.Paging;

/// <summary>A row that lists page by keyset: newest first by (createdAt, id).</summary>
public interface IKeysetRow
{
    Guid Id { get; }
    DateTimeOffset CreatedAt { get; }
}

/// <summary>The list shape of every route: `{items, nextCursor}`.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset paging by (createdAt, id), newest first: stable under inserts, and the cursor is an opaque
/// token that the server alone reads. A cursor that does not decode is the client's error (400).
/// </summary>
public sealed record PageRequest(int Limit, DateTimeOffset? AfterCreatedAt, Guid? AfterId)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static bool TryParse(int? limit, string? cursor, out PageRequest request, out DomainError? error)
    {
        request = new PageRequest(DefaultLimit, null, null);
        error = null;
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            error = DomainError.Invalid("limit", $"limit must be between 1 and {MaxLimit}.");
            return false;
        }

        if (string.IsNullOrEmpty(cursor))
        {
            request = request with { Limit = size };
            return true;
        }

        if (!TryDecode(cursor, out var position))
        {
            error = DomainError.Invalid("cursor", "cursor is not a cursor this server issued.");
            return false;
        }

        // Timestamps are compared in UTC; a hand-made cursor with an offset must not reach the database as one.
        request = new PageRequest(size, position.CreatedAt.ToUniversalTime(), position.Id);
        return true;
    }

    /// <summary>
    /// The rows of this page in keyset order, plus one more if there is a next page (which
    /// <see cref="ToPage{TRow,TOut}"/> turns into the cursor).
    /// </summary>
    public IQueryable<TRow> Apply<TRow>(IQueryable<TRow> query)
        where TRow : class, IKeysetRow
    {
        if (AfterCreatedAt is { } createdAt && AfterId is { } afterId)
        {
            query = query.Where(r => r.CreatedAt < createdAt || (r.CreatedAt == createdAt && r.Id.CompareTo(afterId) < 0));
        }

        return query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(Limit + 1);
    }

    /// <summary>Builds the page from the rows <see cref="Apply{TRow}"/> fetched.</summary>
    public Page<TOut> ToPage<TRow, TOut>(IReadOnlyList<TRow> rows, Func<TRow, TOut> map)
        where TRow : IKeysetRow
    {
        var items = rows.Take(Limit).Select(map).ToList();
        string? next = null;
        if (rows.Count > Limit)
        {
            var last = rows[Limit - 1];
            next = Encode(new CursorPosition(last.CreatedAt, last.Id));
        }

        return new Page<TOut>(items, next);
    }

    private sealed record CursorPosition(DateTimeOffset CreatedAt, Guid Id);

    private static string Encode(CursorPosition position) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(position));

    private static bool TryDecode(string cursor, out CursorPosition position)
    {
        position = null!;
        if (cursor.Length > 200)
        {
            return false;
        }

        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);
            var decoded = JsonSerializer.Deserialize<CursorPosition>(Encoding.UTF8.GetString(bytes));
            if (decoded is null || decoded.Id == Guid.Empty)
            {
                return false;
            }

            position = decoded;
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return false;
        }
    }
}
