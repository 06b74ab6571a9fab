using System.CommandLine;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Cli.Commands;

/// <summary>
/// `agentmarket login`: signs in with email and password (the password from stdin, or
/// $AGENTMARKET_PASSWORD) and keeps an API key made for this CLI; or keeps a given `--api-key`.
/// </summary>
internal static class LoginCommand
{
    public const string PasswordVariable = "AGENTMARKET_PASSWORD";

    public static Command Create(CommandRunner runner)
    {
        var email = new Option<string?>("--email") { Description = "Your account's email." };
        var apiKey = new Option<string?>("--api-key") { Description = "Keep this API key instead of signing in with a password." };
        var command = new Command("login", $"Sign in and keep an API key in the config folder (file mode 600). The password is read from stdin or ${PasswordVariable}.")
        {
            email, apiKey,
        };
        command.SetAction((parse, ct) => runner.GuardAsync(parse, async output =>
        {
            var api = runner.ApiUrl(parse, runner.Credentials.Load());
            var key = parse.GetValue(apiKey);
            var address = parse.GetValue(email);
            if (key is null)
            {
                if (address is null)
                {
                    throw new CliException("Give --email (the password is read from stdin or $" + PasswordVariable + "), or --api-key.");
                }

                key = await CreateKeyAsync(runner, api, address, ReadPassword(runner.Context), ct);
            }

            var me = await runner.Client(api, MarketplaceCredentials.ApiKey(key)).Api.V1.Users.Me.GetAsync(cancellationToken: ct);
            runner.Credentials.Save(new StoredCredentials(api.ToString().TrimEnd('/'), key, me?.Email));
            await output.ResultAsync(me!, () =>
                output.Line($"Logged in to {api} as {me?.Email} ({string.Join(", ", me?.Roles ?? [])}); credentials in {runner.Credentials.FilePath}"));
            return 0;
        }));
        return command;
    }

    private static async Task<string> CreateKeyAsync(CommandRunner runner, Uri api, string email, string password, CancellationToken ct)
    {
        var anonymous = runner.Client(api, MarketplaceCredentials.None);
        var token = await anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = password }, cancellationToken: ct);
        var signedIn = runner.Client(api, MarketplaceCredentials.Bearer(token!.AccessToken!));
        var created = await signedIn.Api.V1.Users.Me.ApiKeys.PostAsync(
            new CreateApiKeyRequest { Name = $"agentmarket on {Environment.MachineName}" }, cancellationToken: ct);
        return created!.Key!;
    }

    private static string ReadPassword(CliContext context) =>
        Environment.GetEnvironmentVariable(PasswordVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : context.In.ReadLine() is { Length: > 0 } fromInput ? fromInput
        : throw new CliException($"No password: pipe it to stdin or set ${PasswordVariable}.");
}
