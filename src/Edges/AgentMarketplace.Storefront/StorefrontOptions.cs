using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Storefront;

internal sealed class StorefrontOptions
{
    public const string SectionName = "Storefront";

    /// <summary>
    /// Where the storefront sends its API calls. Unset: this host's own listening address (loopback), so
    /// one process serves both and the calls never leave the machine. Set it when the API is elsewhere, or
    /// when the host listens only on an address the host itself cannot reach.
    /// </summary>
    [Url]
    public string? ApiBaseUrl { get; set; }

    /// <summary>How long a visitor stays signed in at most; the access token's own lifetime bounds it too.</summary>
    [Range(1, 24 * 30)]
    public int SessionHours { get; set; } = 8;
}
