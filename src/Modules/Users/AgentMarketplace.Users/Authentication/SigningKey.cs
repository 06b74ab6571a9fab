using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AgentMarketplace.Users.Authentication;

/// <summary>
/// Fills in a signing key in Development (generated once, kept under the data folder so tokens
/// survive restarts) and refuses to start anywhere else without a configured one.
/// </summary>
internal sealed class JwtOptionsSetup(IHostEnvironment environment, IConfiguration configuration)
    : IPostConfigureOptions<JwtOptions>, IValidateOptions<JwtOptions>
{
    public const int MinKeyBytes = 32;

    public void PostConfigure(string? name, JwtOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey) || !environment.IsDevelopment())
        {
            return;
        }

        var dataDirectory = configuration["Platform:DataDirectory"]
            ?? Path.Combine(environment.ContentRootPath, ".data");
        Directory.CreateDirectory(dataDirectory);
        var keyFile = Path.Combine(dataDirectory, "jwt-signing.key");
        if (!File.Exists(keyFile))
        {
            File.WriteAllText(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)));
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        options.SigningKey = File.ReadAllText(keyFile).Trim();
    }

    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Fail(
                "Jwt:SigningKey is not set. Outside Development the JWT signing key must be configured " +
                $"(at least {MinKeyBytes} bytes, e.g. `openssl rand -base64 48`), via Jwt__SigningKey.");
        }

        return KeyBytes(options.SigningKey).Length < MinKeyBytes
            ? ValidateOptionsResult.Fail($"Jwt:SigningKey must be at least {MinKeyBytes} bytes.")
            : ValidateOptionsResult.Success;
    }

    public static SymmetricSecurityKey SecurityKey(JwtOptions options) =>
        new(KeyBytes(options.SigningKey!)) { KeyId = "amk-1" };

    /// <summary>A base64 key is used as its bytes; any other string as its UTF-8 bytes.</summary>
    private static byte[] KeyBytes(string key)
    {
        var buffer = new byte[key.Length];
        return Convert.TryFromBase64String(key, buffer, out var written) && written >= MinKeyBytes
            ? buffer[..written]
            : Encoding.UTF8.GetBytes(key);
    }
}
