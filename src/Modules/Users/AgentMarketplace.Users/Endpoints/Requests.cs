using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.BuildingBlocks.Validation;
using FluentValidation;

namespace AgentMarketplace.Users.Endpoints;

// Request bodies declare only what a client may set: `id`, `roles` or `ownerId` in a body bind to
// nothing, so mass assignment has nowhere to land.

internal sealed record RegisterRequest(string? Email, string? Password, string? DisplayName);

internal sealed record TokenRequest(string? Email, string? Password);

internal sealed record PreferencesRequest(string? DefaultEnvironment, List<string>? FavoriteCategories, bool? NotifyOnInvoice);

internal sealed record PublisherRequest(string? PublisherName, string? PayoutEmail);

internal sealed record CreateApiKeyRequest(string? Name);

internal sealed record SetRolesRequest([property: OneOf(typeof(Roles))] List<string>? Roles);

internal sealed record SetQuotaRequest(string? Plan, int? RequestsPerMinute, long? CallsPerMonth, long? MonthlySpendLimitCents);

internal static class EmailRules
{
    public static IRuleBuilderOptions<T, string?> Email<T>(this IRuleBuilder<T, string?> rule) =>
        rule.NotEmpty()
            .MaximumLength(EmailAddress.MaxLength)
            .Must(e => e is null || EmailAddress.IsValid(e)).WithMessage("'{PropertyName}' is not a valid email address.")
            // Unicode normalisation can lengthen an address past what is stored.
            .Must(e => e is null || EmailAddress.Normalize(e).Length <= EmailAddress.MaxLength)
            .WithMessage("'{PropertyName}' is too long once normalised.");
}

internal sealed class RegisterRequestValidator : AbstractValidator<RegisterRequest>
{
    public RegisterRequestValidator()
    {
        RuleFor(r => r.Email).Email();
        RuleFor(r => r.DisplayName).DisplayText(100);
        RuleFor(r => r.Password).NotEmpty().Custom((password, context) =>
        {
            if (password is not null && PasswordPolicy.Check(password, context.InstanceToValidate.Email) is { } reason)
            {
                context.AddFailure(reason);
            }
        });
    }
}

internal sealed class TokenRequestValidator : AbstractValidator<TokenRequest>
{
    public TokenRequestValidator()
    {
        RuleFor(r => r.Email).NotEmpty().MaximumLength(EmailAddress.MaxLength)
            .Must(e => e is null || !e.Any(char.IsControl)).WithMessage("'email' must not contain control characters.");
        RuleFor(r => r.Password).NotEmpty().MaximumLength(PasswordPolicy.MaxLength);
    }
}

internal sealed class PreferencesRequestValidator : AbstractValidator<PreferencesRequest>
{
    public PreferencesRequestValidator()
    {
        RuleFor(r => r.DefaultEnvironment).MaximumLength(64)
            .Matches("^[a-z0-9][a-z0-9-]*$").WithMessage("'{PropertyName}' may hold lowercase letters, digits and dashes.")
            .When(r => r.DefaultEnvironment is not null);
        RuleFor(r => r.FavoriteCategories).Must(c => c is null || c.Count <= 20)
            .WithMessage("At most 20 favorite categories.");
        RuleForEach(r => r.FavoriteCategories).DisplayText(64);
    }
}

internal sealed class PublisherRequestValidator : AbstractValidator<PublisherRequest>
{
    public PublisherRequestValidator()
    {
        RuleFor(r => r.PublisherName).DisplayText(100);
        RuleFor(r => r.PayoutEmail).Email().When(r => r.PayoutEmail is not null);
    }
}

internal sealed class CreateApiKeyRequestValidator : AbstractValidator<CreateApiKeyRequest>
{
    public CreateApiKeyRequestValidator() => RuleFor(r => r.Name).DisplayText(100);
}

internal sealed class SetRolesRequestValidator : AbstractValidator<SetRolesRequest>
{
    public SetRolesRequestValidator()
    {
        RuleFor(r => r.Roles).NotNull();
        RuleForEach(r => r.Roles).Must(role => Roles.All.Contains(role))
            .WithMessage($"Each role must be one of: {string.Join(", ", Roles.All)}.");
    }
}

internal sealed class SetQuotaRequestValidator : AbstractValidator<SetQuotaRequest>
{
    public SetQuotaRequestValidator()
    {
        RuleFor(r => r.RequestsPerMinute).GreaterThan(0);
        RuleFor(r => r.CallsPerMonth).InclusiveBetween(0, PlanLimits.MaxLimit);
        RuleFor(r => r.MonthlySpendLimitCents).InclusiveBetween(0, PlanLimits.MaxLimit);
        RuleFor(r => r.Plan).MaximumLength(64);
        RuleFor(r => r)
            .Must(r => r.Plan is not null || r.RequestsPerMinute is not null || r.CallsPerMonth is not null || r.MonthlySpendLimitCents is not null)
            .WithName("body").WithMessage("Set at least one of plan, requestsPerMinute, callsPerMonth, monthlySpendLimitCents.");
    }
}
