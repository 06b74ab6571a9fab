using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AgentMarketplace.Registry.Versions;
using FluentValidation;

namespace AgentMarketplace.Registry.Mcp;

/// <summary>
/// An MCP Registry `server.json` (schema 2025-12-11): the fields the import reads. Packages (servers run
/// locally) are not read: the platform calls a server where it runs, so only `remotes` matter.
/// </summary>
internal sealed record ServerJson(
    [property: JsonPropertyName("$schema")] string? Schema,
    string? Name,
    string? Title,
    string? Description,
    string? Version,
    string? WebsiteUrl,
    ServerRepository? Repository,
    List<ServerRemote?>? Remotes)
{
    public const string StreamableHttp = "streamable-http";

    /// <summary>The first remote the platform can call: Streamable HTTP.</summary>
    public ServerRemote? StreamableRemote => Remotes?.FirstOrDefault(r => r?.Type == StreamableHttp);

    /// <summary>"io.github.user/remote-weather" → "remote-weather": the server's own name within its namespace.</summary>
    public string ShortName => Name is { } name && name.LastIndexOf('/') is var slash and >= 0 ? name[(slash + 1)..] : Name ?? "";
}

internal sealed record ServerRepository(string? Url, string? Source, string? Subfolder, string? Id);

internal sealed record ServerRemote(string? Type, string? Url, Dictionary<string, ServerVariable?>? Variables);

internal sealed record ServerVariable(string? Description, string? Default, bool? IsRequired);

/// <summary>What an imported server.json keeps beside the agent: its own name (its address in the MCP ecosystem) and links.</summary>
internal sealed record McpServerInfo(string Name, string? Title, string? WebsiteUrl, ServerRepository? Repository);

internal sealed partial class ServerJsonValidator : AbstractValidator<ServerJson>
{
    public ServerJsonValidator()
    {
        RuleFor(s => s.Name).NotEmpty().MaximumLength(200)
            .Must(n => n is null || ServerName().IsMatch(n))
            .WithMessage("'name' is a reverse-DNS namespace and a server name, such as io.github.user/weather.");
        RuleFor(s => s.Title).MaximumLength(100);
        RuleFor(s => s.Description).NotEmpty().MaximumLength(5000);
        RuleFor(s => s.Version).NotEmpty()
            .Must(v => v is null || SemanticVersion.TryParse(v, out _))
            .WithMessage("'version' must be a Semantic Versioning 2.0 version to be imported.");
        RuleFor(s => s.WebsiteUrl).Must(BeAWebUrl).WithMessage("'websiteUrl' must be an absolute http(s) URL.");
        RuleFor(s => s.Repository!.Url).Must(BeAWebUrl).WithMessage("'url' must be an absolute http(s) URL.")
            .OverridePropertyName("repository.url").When(s => s.Repository is not null);
        RuleFor(s => s.Remotes)
            .Must((server, _) => server.StreamableRemote is not null)
            .WithMessage($"'remotes' must list a remote of type \"{ServerJson.StreamableHttp}\": the platform calls MCP servers over Streamable HTTP.");
        RuleFor(s => s.StreamableRemote).Custom((remote, context) =>
        {
            if (remote is not null && ServerJsonImport.RemoteUrl(remote) is { Error: { } error })
            {
                context.AddFailure("remotes", error);
            }
        });
    }

    private static bool BeAWebUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https");

    [GeneratedRegex("^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")]
    private static partial Regex ServerName();
}
