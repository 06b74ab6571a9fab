using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.ApiKeys;
using AgentMarketplace.Users.Authentication;
using AgentMarketplace.Users.Endpoints;
using AgentMarketplace.Users.Persistence;
using AgentMarketplace.Users.Quotas;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Users;

public static class UsersModule
{
    public static IServiceCollection AddUsersModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<UsersDbContext>(configuration, "Users", UsersDbContext.Schema);

        services.AddOptions<JwtOptions>().BindConfiguration(JwtOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JwtOptionsSetup>();
        services.AddSingleton<IPostConfigureOptions<JwtOptions>>(sp => sp.GetRequiredService<JwtOptionsSetup>());
        services.AddSingleton<IValidateOptions<JwtOptions>>(sp => sp.GetRequiredService<JwtOptionsSetup>());
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddCacheInvalidation();
        services.AddSingleton<KnownUsers>();
        services.AddOptions<LoginProtectionOptions>().BindConfiguration(LoginProtectionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistrationProtectionOptions>().BindConfiguration(RegistrationProtectionOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.SectionName)
            .Validate(o => o.Plans.ContainsKey(o.DefaultPlan), "Quotas:DefaultPlan must name one of Quotas:Plans.")
            .Validate(o => o.Plans.Values.All(p => p.RequestsPerMinute > 0 && p.CallsPerMonth >= 0 && p.MonthlySpendLimitCents >= 0),
                "Every plan in Quotas:Plans needs RequestsPerMinute > 0 and non-negative CallsPerMonth and MonthlySpendLimitCents.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidator>();

        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<LoginAttemptLimiter>();
        services.AddScoped<UserManager>();
        services.AddScoped<LoginService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<QuotaLeaseBook>();
        services.AddSingleton<CallAdmissions>();
        services.AddHostedService(sp => sp.GetRequiredService<CallAdmissions>());
        services.AddValidatorsFromAssemblyContaining<UsersDbContext>(includeInternalTypes: true);
        services.AddHostedService<BootstrapAdmin>();
        services.AddPlatformAuthentication();

        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(UsersEndpoints.LoginRateLimitPolicy, http => PerAddress(http, "login",
                http.RequestServices.GetRequiredService<IOptions<LoginProtectionOptions>>().Value.PerAddressPerMinute, TimeSpan.FromMinutes(1)));
            limiter.AddPolicy(UsersEndpoints.RegistrationRateLimitPolicy, http => PerAddress(http, "register",
                http.RequestServices.GetRequiredService<IOptions<RegistrationProtectionOptions>>().Value.PerAddressPerHour, TimeSpan.FromHours(1)));
        });
        return services;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, string policy, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });

    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        UsersEndpoints.Map(endpoints);
        return endpoints;
    }
}
