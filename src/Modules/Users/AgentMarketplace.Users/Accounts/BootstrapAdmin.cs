using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Accounts;

/// <summary>
/// Makes sure the admin named in configuration exists and is an admin — an existing account only
/// when it holds the configured password. Runs after the migrations
/// (hosted services start in registration order and the host registers the migrator first).
/// </summary>
internal sealed class BootstrapAdmin(
    IServiceScopeFactory scopes,
    IOptions<BootstrapOptions> options,
    ILogger<BootstrapAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bootstrap = options.Value;
        if (string.IsNullOrWhiteSpace(bootstrap.AdminEmail) || string.IsNullOrEmpty(bootstrap.AdminPassword))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UsersDbContext>();
        var normalizedEmail = EmailAddress.Normalize(bootstrap.AdminEmail);
        var admin = await db.Users.FirstOrDefaultAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        if (admin is null)
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager>();
            var created = await users.RegisterAsync(bootstrap.AdminEmail, bootstrap.AdminPassword, bootstrap.AdminDisplayName, cancellationToken);
            if (!created.IsSuccess)
            {
                // Another instance created it between our read and write: fine, it exists now.
                logger.LogInformation("Bootstrap admin already created by another instance: {Reason}", created.Error!.Detail);
            }

            admin = await db.Users.FirstAsync(u => u.NormalizedEmail == normalizedEmail, cancellationToken);
        }

        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        if (hasher.VerifyHashedPassword(admin, admin.PasswordHash, bootstrap.AdminPassword) == PasswordVerificationResult.Failed)
        {
            // Someone else registered this email first: making them admin would hand the platform over.
            logger.LogError("The bootstrap admin email belongs to an account whose password differs from " +
                "Bootstrap:AdminPassword; it is not made an admin. Choose another Bootstrap:AdminEmail.");
            return;
        }

        if (!admin.Roles.Contains(Roles.Admin))
        {
            admin.Roles = Roles.All.ToList();
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Granted the admin role to the bootstrap admin {UserId}", admin.Id);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The bootstrap password obeys the same policy as everyone's: fail at start, not at first login.</summary>
internal sealed class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        var hasEmail = !string.IsNullOrWhiteSpace(options.AdminEmail);
        var hasPassword = !string.IsNullOrEmpty(options.AdminPassword);
        if (hasEmail != hasPassword)
        {
            return ValidateOptionsResult.Fail("Bootstrap:AdminEmail and Bootstrap:AdminPassword must be set together.");
        }

        if (!hasEmail)
        {
            return ValidateOptionsResult.Success;
        }

        if (!EmailAddress.IsValid(options.AdminEmail!))
        {
            return ValidateOptionsResult.Fail("Bootstrap:AdminEmail is not a valid email address.");
        }

        return PasswordPolicy.Check(options.AdminPassword!, options.AdminEmail) is { } reason
            ? ValidateOptionsResult.Fail($"Bootstrap:AdminPassword is refused: {reason}")
            : ValidateOptionsResult.Success;
    }
}
