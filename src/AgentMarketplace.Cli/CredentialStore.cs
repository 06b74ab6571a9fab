using System.Text.Json;

namespace AgentMarketplace.Cli;

/// <summary>What `agentmarket login` keeps: the service's address and an API key made for this CLI.</summary>
internal sealed record StoredCredentials(string Api, string ApiKey, string? Email);

/// <summary>
/// credentials.json in the config folder, readable by the user alone (file 600, folder 700): the API
/// key is a secret that calls agents and spends money.
/// </summary>
internal sealed class CredentialStore(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public string FilePath { get; } = Path.Combine(directory, "credentials.json");

    public StoredCredentials? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StoredCredentials>(File.ReadAllText(FilePath), Json);
        }
        catch (JsonException e)
        {
            throw new CliException($"{FilePath}: not valid credentials ({e.Message}); run `agentmarket login` again.");
        }
    }

    public void Save(StoredCredentials credentials)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // Created with 600 before the secret is written, so it is never readable by others.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(FilePath, options))
        {
            JsonSerializer.Serialize(stream, credentials, Json);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
