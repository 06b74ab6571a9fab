using System.CommandLine;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions;

namespace AgentMarketplace.Cli;

/// <summary>
/// What every command shares: the global options, a client signed in with the stored API key, and one
/// way of answering failures — an API problem with its title, detail and field errors, a message for
/// anything the user can fix, never a stack trace — each a non-zero exit.
/// </summary>
internal sealed class CommandRunner(CliContext context)
{
    public const int Failed = 1;

    public const string ApiVariable = "AGENTMARKET_API";

    public Option<string?> Api { get; } = new("--api")
    {
        Description = $"The marketplace's address (default: the one `login` stored, ${ApiVariable}, or http://127.0.0.1:5080).",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the API's JSON, for scripts.", Recursive = true };

    public CliContext Context => context;

    public CredentialStore Credentials { get; } = new(context.ConfigDirectory);

    /// <summary>Runs <paramref name="action"/> with an authenticated client (or an anonymous one when <paramref name="signedIn"/> is false).</summary>
    public Task<int> RunAsync(ParseResult parse, Func<MarketplaceApiClient, Output, Task<int>> action, bool signedIn = true) =>
        GuardAsync(parse, output =>
        {
            var stored = Credentials.Load();
            if (signedIn && stored is null)
            {
                throw new CliException("Not logged in: run `agentmarket login --api <url> --email <email>` first.");
            }

            var credentials = signedIn ? MarketplaceCredentials.ApiKey(stored!.ApiKey) : MarketplaceCredentials.None;
            return action(Client(ApiUrl(parse, stored), credentials), output);
        });

    /// <summary>Runs <paramref name="action"/>, turning every failure into a message and exit code 1.</summary>
    public async Task<int> GuardAsync(ParseResult parse, Func<Output, Task<int>> action)
    {
        var output = new Output(context, parse.GetValue(Json));
        try
        {
            return await action(output);
        }
        catch (ProblemDetails problem)
        {
            output.Problem(problem);
        }
        catch (ApiException e)
        {
            output.Note($"error: {e.ResponseStatusCode} {e.Message}");
        }
        catch (HttpRequestException e)
        {
            output.Note($"error: cannot reach the marketplace ({e.Message})");
        }
        catch (CliException e)
        {
            output.Note($"error: {e.Message}");
        }

        return Failed;
    }

    public Uri ApiUrl(ParseResult parse, StoredCredentials? stored)
    {
        var url = parse.GetValue(Api) ?? Environment.GetEnvironmentVariable(ApiVariable) ?? stored?.Api ?? "http://127.0.0.1:5080";
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException($"--api: '{url}' is not an http(s) address.");
    }

    public MarketplaceApiClient Client(Uri api, MarketplaceCredentials credentials)
    {
        var http = MarketplaceClient.CreateHttpClient(context.Handler);
        http.Timeout = TimeSpan.FromMinutes(5); // a verification calls every example of every capability
        return MarketplaceClient.Create(http, api, credentials);
    }
}
