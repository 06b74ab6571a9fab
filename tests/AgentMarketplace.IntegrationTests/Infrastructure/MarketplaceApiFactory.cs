using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The real host (every module, real PostgreSQL) in the "Testing" environment, on a database of its
/// own. Derived factories change settings for the tests that need them.
/// </summary>
public class MarketplaceApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminEmail = "admin@tests.example";
    public const string AdminPassword = "admin-password-for-tests";

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    /// <summary>The clock the host sees; tests move it to cross lockouts and month boundaries.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    private string _connectionString = "";

    public string ConnectionString => _connectionString;

    /// <summary>A database of its own, unless a derived factory shares another host's (two instances, one database).</summary>
    protected virtual string? SharedDatabase => null;

    public async Task InitializeAsync() => _connectionString = SharedDatabase ?? await CreateDatabaseAsync();

    /// <summary>A fresh database on the run's shared server, unless a derived factory brings a server of its own.</summary>
    protected virtual Task<string> CreateDatabaseAsync() => TestPostgres.CreateDatabaseAsync();

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        // The host closed its own connections as it went (its data source is disposed with it). Tests'
        // own connections on ConnectionString wait in Npgsql's process-wide pool for that string, which
        // would keep them open for the rest of the run.
        if (_connectionString.Length > 0)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Users:Login:PerAddressPerMinute"] = "100000",
        ["Users:Login:PerAccountPerMinute"] = "1000",
        // Every test signs up from one address and verifies many versions: the limits are tested on their own.
        ["Users:Registration:PerAddressPerHour"] = "1000000",
        ["Registry:VerificationsPerHour"] = "100000",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As in Development (`dotnet run`): every registration must be constructible, or the host does not start.
        builder.UseDefaultServiceProvider(provider => (provider.ValidateOnBuild, provider.ValidateScopes) = (true, true));
        // UseSetting, not ConfigureAppConfiguration: Program reads these while it builds.
        builder.UseSetting("ConnectionStrings:Marketplace", _connectionString);
        builder.UseSetting("Jwt:SigningKey", SigningKey);
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Platform:DataDirectory", Path.Combine(Path.GetTempPath(), "amk-testdata"));
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }
}
