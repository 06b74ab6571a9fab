using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AgentMarketplace.Users.ApiKeys;

/// <summary>
/// `amk_` + 32 random bytes in base64url (43 characters): recognizable by secret scanners, and
/// high-entropy enough that SHA-256 is the right hash (a slow password hash would buy nothing).
/// </summary>
internal static class ApiKeyFormat
{
    public const string Marker = "amk_";
    private const int SecretBytes = 32;
    private const int DisplayPrefixLength = 12;
    private static readonly int KeyLength = Marker.Length + Base64Url.GetEncodedLength(SecretBytes);

    public static string NewKey() => Marker + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string DisplayPrefix(string key) => key[..DisplayPrefixLength];

    public static bool LooksLikeKey(string key) =>
        key.Length == KeyLength
        && key.StartsWith(Marker, StringComparison.Ordinal)
        && key.AsSpan(Marker.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key)));
}
