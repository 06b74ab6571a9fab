namespace AgentMarketplace.BuildingBlocks.Domain;

/// <summary>What a domain rule can say no with; each maps to one HTTP status in <c>Problems.From</c>.</summary>
public enum ErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    /// <summary>Well-formed but cannot be processed as sent (e.g. an idempotency key reused with another body).</summary>
    Unprocessable,
    Forbidden,
    PaymentRequired,
    TooManyRequests,
    /// <summary>A dependency answered wrongly (an agent's 5xx or garbage).</summary>
    BadGateway,
    /// <summary>A dependency did not answer in time.</summary>
    GatewayTimeout,
    /// <summary>A dependency is known to be down for now.</summary>
    ServiceUnavailable,
}

/// <summary>
/// A domain refusal. RetryAfter (for 429 and 503) becomes the Retry-After header; Errors (field → messages)
/// becomes the problem's `errors`, for a refusal that names several fields (e.g. a 409 listing each break).
/// </summary>
public sealed record DomainError(
    ErrorKind Kind, string Detail, string? Field = null, TimeSpan? RetryAfter = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static DomainError Invalid(string field, string detail) => new(ErrorKind.Invalid, detail, field);
    public static DomainError NotFound(string what) => new(ErrorKind.NotFound, $"{what} was not found.");
    public static DomainError Conflict(string detail) => new(ErrorKind.Conflict, detail);
    public static DomainError Forbidden(string detail) => new(ErrorKind.Forbidden, detail);
}

/// <summary>A value, or the domain's reason for refusing: rules return these instead of throwing.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    public DomainError? Error { get; }

    private Result(T? value, DomainError? error)
    {
        _value = value;
        Error = error;
    }

    public bool IsSuccess => Error is null;

    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Detail}");

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(DomainError error) => new(default, error);

    public TOut Match<TOut>(Func<T, TOut> success, Func<DomainError, TOut> failure) =>
        IsSuccess ? success(_value!) : failure(Error!);
}
