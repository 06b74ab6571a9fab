using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Marketplace.Listings;
using AgentMarketplace.Marketplace.Reviews;
using AgentMarketplace.Marketplace.Search;
using AgentMarketplace.Marketplace.Statistics;
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
        listings.MapGet("/{id:guid}", GetListing).AllowAnonymous()
            .WithName("GetListing").WithSummary("A listing with its pricing (unpublished ones only to their owner).");

        var publisher = listings.MapGroup("").RequireAuthorization(Policies.Publisher);
        publisher.MapPost("", CreateListing).Validate<CreateListingRequest>()
            .WithName("CreateListing").WithSummary("List an agent with a pricing plan (one listing per agent).");
        publisher.MapPost("/{id:guid}/publish", Publish)
            .WithName("PublishListing").WithSummary("Show the listing in the marketplace; needs a verified version.");
        publisher.MapPost("/{id:guid}/unpublish", Unpublish)
            .WithName("UnpublishListing").WithSummary("Hide the listing at once (owner), or delist it (admin).");
        publisher.MapPut("/{id:guid}/pricing", ChangePricing).Validate<ChangePricingRequest>()
            .WithName("ChangeListingPricing").WithSummary("A new pricing plan, in force from the next billing period.");

        endpoints.MapModuleGroup("Marketplace", "/api/v1/marketplace", "Marketplace")
            .MapGet("/search", Search).AllowAnonymous().Validate<SearchQuery>()
            .WithName("SearchMarketplace")
            .WithSummary("Published listings by text (typo-tolerant), filters and sort, keyset-paged, with the total.");

        var agents = endpoints.MapModuleGroup("Marketplace", "/api/v1/agents/{id:guid}", "Marketplace");
        agents.MapGet("/reviews", ListReviews).AllowAnonymous()
            .WithName("ListReviews").WithSummary("An agent's reviews, newest first.");
        agents.MapGet("/listing", GetAgentListing).AllowAnonymous()
            .WithName("GetAgentListing").WithSummary("The agent's listing (unpublished ones only to their owner).");
        agents.MapGet("/statistics", GetStatistics).AllowAnonymous()
            .WithName("GetAgentStatistics").WithSummary("Rating aggregates and usage over the last 30 days.");
        var reviewers = agents.MapGroup("/reviews").RequireAuthorization(Policies.User);
        reviewers.MapPost("", CreateReview).Validate<ReviewRequest>()
            .WithName("CreateReview").WithSummary("Review an agent you have deployed (once; edit with PUT …/reviews/mine).");
        reviewers.MapPut("/mine", EditMyReview).Validate<ReviewRequest>()
            .WithName("EditMyReview").WithSummary("Change your review of the agent.");
        reviewers.MapDelete("/mine", DeleteMyReview)
            .WithName("DeleteMyReview").WithSummary("Withdraw your review of the agent.");
        reviewers.MapPost("/{reviewId:guid}/reply", Reply).Validate<ReplyRequest>()
            .WithName("ReplyToReview").WithSummary("The agent's publisher answers a review, once.");
        reviewers.MapDelete("/{reviewId:guid}", RemoveReview).RequireAuthorization(Policies.Admin)
            .WithName("RemoveReview").WithSummary("An admin removes a review.");
    }

    private static async Task<Results<Created<ListingView>, ProblemHttpResult>> CreateListing(
        CreateListingRequest request, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.CreateAsync(Actor.From(principal)!, request, ct)).ToCreated(view => $"/api/v1/listings/{view.Id}");

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> GetListing(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.GetAsync(Actor.From(principal), id, ct)).ToOk();

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> GetAgentListing(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.GetOfAgentAsync(Actor.From(principal), id, ct)).ToOk();

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Publish(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.PublishAsync(Actor.From(principal)!, id, ct)).ToOk();

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> Unpublish(
        Guid id, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.UnpublishAsync(Actor.From(principal)!, id, ct)).ToOk();

    private static async Task<Results<Ok<ListingView>, ProblemHttpResult>> ChangePricing(
        Guid id, ChangePricingRequest request, ClaimsPrincipal principal, MarketplaceManager marketplace, CancellationToken ct) =>
        (await marketplace.ChangePricingAsync(Actor.From(principal)!, id, request.Pricing!, ct)).ToOk();

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> Search(
        [AsParameters] SearchQuery query, ListingSearch search, CancellationToken ct) =>
        (await search.SearchAsync(query, ct)).ToOk();

    private static async Task<Results<Ok<Page<ReviewView>>, ProblemHttpResult>> ListReviews(
        Guid id, int? limit, string? cursor, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        PageRequest.TryParse(limit, cursor, out var page, out var error)
            ? (await reviews.ListAsync(Actor.From(principal), id, page, ct)).ToOk()
            : Problems.From(error!);

    private static async Task<Results<Ok<AgentStatisticsView>, ProblemHttpResult>> GetStatistics(
        Guid id, ClaimsPrincipal principal, AgentStatistics statistics, CancellationToken ct) =>
        (await statistics.GetAsync(Actor.From(principal), id, ct)).ToOk();

    private static async Task<Results<Created<ReviewView>, ProblemHttpResult>> CreateReview(
        Guid id, ReviewRequest request, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        (await reviews.CreateAsync(Actor.From(principal)!, id, request, ct)).ToCreated(_ => $"/api/v1/agents/{id}/reviews/mine");

    private static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> EditMyReview(
        Guid id, ReviewRequest request, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        (await reviews.EditMineAsync(Actor.From(principal)!, id, request, ct)).ToOk();

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteMyReview(
        Guid id, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        await reviews.RemoveAsync(Actor.From(principal)!, id, null, ct)
            ? TypedResults.NoContent()
            : Problems.From(DomainError.NotFound("Your review of this agent"));

    private static async Task<Results<Ok<ReviewView>, ProblemHttpResult>> Reply(
        Guid id, Guid reviewId, ReplyRequest request, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        (await reviews.ReplyAsync(Actor.From(principal)!, id, reviewId, request.Body!, ct)).ToOk();

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveReview(
        Guid id, Guid reviewId, ClaimsPrincipal principal, ReviewBook reviews, CancellationToken ct) =>
        await reviews.RemoveAsync(Actor.From(principal)!, id, reviewId, ct)
            ? TypedResults.NoContent()
            : Problems.From(DomainError.NotFound("Review"));
}
