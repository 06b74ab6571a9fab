using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Marketplace.Listings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Marketplace.Endpoints;

internal static class MarketplaceEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var listings = endpoints.MapModuleGroup("Marketplace", "/api/v1/listings", "Marketplace");
        listings.MapGet("/{id:guid}", Get).AllowAnonymous()
            .WithName("GetListing").WithSummary("A listing with its pricing (unpublished ones only to their owner).");

        var publisher = listings.MapGroup("").RequireAuthorization(Policies.Publisher);
        publisher.MapPost("", Create).Validate<CreateListingRequest>()
            .WithName("CreateListing").WithSummary("List an agent with a pricing plan (one listing per agent).");
        publisher.MapPost("/{id:guid}/publish", Publish)
            .WithName("PublishListing").WithSummary("Show the listing in the marketplace; needs a verified version.");
        publisher.MapPost("/{id:guid}/unpublish", Unpublish)
            .WithName("UnpublishListing").WithSummary("Hide the listing at once (owner), or delist it (admin).");
        publisher.MapPut("/{id:guid}/pricing", ChangePricing).Validate<ChangePricingRequest>()
            .WithName("ChangeListingPricing").WithSummary("A new pricing plan, in force from the next billing period.");
    }

    private static async Task<Results<Created<ListingView>, ProblemHttpResult>> Create(
        CreateListingRequest request, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.CreateAsync(Actor.From(principal)!, request, ct)).Match<Results<Created<ListingView>, ProblemHttpResult>>(
            view => TypedResults.Created($"/api/v1/listings/{view.Id}", view), error => Problems.From(error));

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.GetAsync(Actor.From(principal), id, ct))
            .Match<Results<Ok<ListingView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Publish(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.PublishAsync(Actor.From(principal)!, id, ct))
            .Match<Results<Ok<ListingView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Unpublish(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.UnpublishAsync(Actor.From(principal)!, id, ct))
            .Match<Results<Ok<ListingView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> ChangePricing(
        Guid id, ChangePricingRequest request, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.ChangePricingAsync(Actor.From(principal)!, id, request.Pricing!, ct))
            .Match<Results<Ok<ListingView>, ProblemHttpResult>>(view => TypedResults.Ok(view), error => Problems.From(error));
}
