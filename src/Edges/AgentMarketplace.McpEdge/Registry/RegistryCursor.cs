using System.Buffers.Text;
using System.Globalization;
using System.Text;
using AgentMarketplace.Registry.Contracts;

namespace AgentMarketplace.McpEdge.Registry;

/// <summary>The opaque `cursor` of `GET /v0.1/servers`: where the previous page ended (agent, version).</summary>
internal static class RegistryCursor
{
    public static string Encode(PublicVersionPosition position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.AgentId:N}.{position.VersionId:N}")));

    public static bool TryDecode(string cursor, out PublicVersionPosition? position)
    {
        position = null;
        if (cursor.Length > 100)
        {
            return false;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor)).Split('.');
            if (parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var agent) && Guid.TryParseExact(parts[1], "N", out var version))
            {
                position = new PublicVersionPosition(agent, version);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
