using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace AgentMarketplace.Client;

/// <summary>
/// How requests authenticate: an access token (`Authorization: Bearer …`, from `POST /api/v1/auth/token`),
/// an API key (`X-Api-Key`), or nothing for the anonymous routes. Kiota's own providers insist on HTTPS;
/// a marketplace on a developer's machine speaks plain HTTP, so the headers are set here.
/// </summary>
public sealed class MarketplaceCredentials : IAuthenticationProvider
{
    private readonly string? _header;
    private readonly string? _value;

    private MarketplaceCredentials(string? header, string? value)
    {
        _header = header;
        _value = value;
    }

    public static MarketplaceCredentials None { get; } = new(null, null);

    public static MarketplaceCredentials Bearer(string accessToken) => new("Authorization", "Bearer " + Require(accessToken));

    public static MarketplaceCredentials ApiKey(string key) => new("X-Api-Key", Require(key));

    public Task AuthenticateRequestAsync(
        RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_header is not null)
        {
            request.Headers.Remove(_header);
            request.Headers.Add(_header, _value!);
        }

        return Task.CompletedTask;
    }

    private static string Require(string secret) =>
        string.IsNullOrWhiteSpace(secret) ? throw new ArgumentException("The credential is empty.", nameof(secret)) : secret;
}
