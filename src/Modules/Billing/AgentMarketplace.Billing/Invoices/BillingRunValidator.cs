using FluentValidation;

namespace AgentMarketplace.Billing.Invoices;

internal sealed class BillingRunValidator : AbstractValidator<BillingRunRequest>
{
    public BillingRunValidator(TimeProvider clock)
    {
        RuleFor(r => r.PeriodStart).NotNull();
        RuleFor(r => r.PeriodEnd).NotNull()
            .GreaterThan(r => r.PeriodStart).When(r => r.PeriodStart is not null).WithMessage("'periodEnd' must be after 'periodStart'.")
            .Must((r, end) => r.PeriodStart is null || end!.Value - r.PeriodStart.Value <= TimeSpan.FromDays(366))
            .WithMessage("A billing period is at most a year.")
            .Must(end => end is null || end.Value <= clock.GetUtcNow())
            .WithMessage("'periodEnd' is in the future; a period is billed once it has ended.");
    }
}
