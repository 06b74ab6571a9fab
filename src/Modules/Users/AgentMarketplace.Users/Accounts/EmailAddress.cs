using System.Globalization;
using System.Text;

namespace AgentMarketplace.Users.Accounts;

internal static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>
    /// The form two addresses are compared in: trimmed, Unicode NFC, lower-cased, the domain in its
    /// ASCII (punycode) form. `Alice@Example.COM` and `alice@example.com` are one account.
    /// </summary>
    public static string Normalize(string email)
    {
        var trimmed = email.Trim().Normalize(NormalizationForm.FormC);
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return trimmed.ToLowerInvariant();
        }

        var local = trimmed[..at].ToLowerInvariant();
        var domain = trimmed[(at + 1)..];
        try
        {
            domain = new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            // Not a valid IDN: validation rejects it; keep a stable form meanwhile.
        }

        return $"{local}@{domain.ToLowerInvariant()}";
    }

    /// <summary>One '@', something on each side, a dot in the domain, no spaces or control characters.</summary>
    public static bool IsValid(string email)
    {
        var trimmed = email.Trim();
        if (trimmed.Length is 0 or > MaxLength || trimmed.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || trimmed.IndexOf('@') != at)
        {
            return false;
        }

        var domain = trimmed[(at + 1)..];
        return domain.Contains('.') && !domain.StartsWith('.') && !domain.EndsWith('.');
    }
}
