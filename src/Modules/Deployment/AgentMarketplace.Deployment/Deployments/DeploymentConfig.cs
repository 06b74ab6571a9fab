using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// A deployment's key/value config. A value is a string, or `{"value": "...", "secret": true}`;
/// secrets are encrypted with ASP.NET Core Data Protection before they are stored and are never
/// returned — views show `{"secret": true}` in their place.
/// </summary>
internal sealed class DeploymentConfig(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("AgentMarketplace.Deployment.Config");

    private sealed record StoredValue(string? Value, string? Protected);

    public string Protect(IReadOnlyDictionary<string, ConfigValue> config) =>
        JsonSerializer.Serialize(config.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Secret
                ? new StoredValue(null, _protector.Protect(entry.Value.Value))
                : new StoredValue(entry.Value.Value, null)));

    /// <summary>What users may see: plain values as they are, secrets masked.</summary>
    public static JsonObject View(string stored)
    {
        var view = new JsonObject();
        foreach (var (key, value) in Read(stored))
        {
            view[key] = value.Protected is null ? JsonValue.Create(value.Value) : new JsonObject { ["secret"] = true };
        }

        return view;
    }

    public IReadOnlyDictionary<string, string> Reveal(string stored) =>
        Read(stored).ToDictionary(e => e.Key, e => e.Value.Protected is null ? e.Value.Value! : _protector.Unprotect(e.Value.Protected));

    private static Dictionary<string, StoredValue> Read(string stored) =>
        JsonSerializer.Deserialize<Dictionary<string, StoredValue>>(stored) ?? [];
}

internal sealed record ConfigValue(string Value, bool Secret);
