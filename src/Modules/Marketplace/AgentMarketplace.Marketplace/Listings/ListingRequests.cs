using FluentValidation;

namespace AgentMarketplace.Marketplace.Listings;

internal sealed record CreateListingRequest(Guid? AgentId, PricingPlan? Pricing);

internal sealed record ChangePricingRequest(PricingPlan? Pricing);

internal sealed class CreateListingRequestValidator : AbstractValidator<CreateListingRequest>
{
    public CreateListingRequestValidator(IValidator<PricingPlan> pricing)
    {
        RuleFor(r => r.AgentId).NotEmpty();
        RuleFor(r => r.Pricing).NotNull().SetValidator(pricing!);
    }
}

internal sealed class ChangePricingRequestValidator : AbstractValidator<ChangePricingRequest>
{
    public ChangePricingRequestValidator(IValidator<PricingPlan> pricing) =>
        RuleFor(r => r.Pricing).NotNull().SetValidator(pricing!);
}
