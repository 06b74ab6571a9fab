namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> Marketplace() => new()
    {
        ["GetListing"] = new("A listing with its pricing, the next scheduled pricing and the price history. Unpublished listings " +
            "are shown to their owner and admins only."),
        ["CreateListing"] = new("Lists one of the caller's agents with a pricing plan: `free`, `per_call` (`unitPriceCents` per call), " +
            "`per_unit` (`unitPriceCents` per unit, or graduated `tiers`) or `subscription` (`monthlyFeeCents` including " +
            "`includedUnits`, then `unitPriceCents` per unit). One listing per agent (409). The listing starts unpublished.")
        {
            Errors = [409],
            Request = """{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","pricing":{"model":"per_call","currency":"USD","unitPriceCents":25}}""",
            Response = """{"id":"7c9e6679-7425-40de-944b-e07fc1f90ae7","agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","agentSlug":"text-tools","status":"draft","pricing":{"model":"per_call","currency":"USD","unitPriceCents":25,"monthlyFeeCents":null,"includedUnits":null,"tiers":null,"headlineCents":25},"priceHistory":[],"createdAt":"2026-05-01T12:00:00Z","publishedAt":null}""",
        },
        ["PublishListing"] = new("Shows the listing in the marketplace. Only an agent with a verified version can be published (409).")
        {
            Errors = [409],
        },
        ["UnpublishListing"] = new("Hides the listing from search at once (owner), or delists it (admin). Live deployments keep running."),
        ["ChangeListingPricing"] = new("Schedules a new pricing plan, in force from the next billing period; calls made before keep " +
            "their price.")
        {
            Errors = [409],
            Request = """{"pricing":{"model":"per_call","currency":"USD","unitPriceCents":30}}""",
        },
        ["SearchMarketplace"] = new("Published listings by text (typo-tolerant: `sumarize` finds summarize), filters and sort, " +
            "keyset-paged, with the `total` (exact when `totalExact`). Every filter narrows; `minRating=0` is no minimum, " +
            "so unrated agents are included.")
        {
            Response = """{"items":[{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","listingId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","slug":"text-tools","name":"Text Tools","summary":"Summarize, count words and read sentiment.","categories":["summarization"],"rating":{"average":4.5,"count":12},"pricing":{"model":"per_call","currency":"USD","unitPriceCents":25,"monthlyFeeCents":null,"includedUnits":null,"tiers":null,"headlineCents":25},"verified":true,"latestVersion":"1.0.0"}],"nextCursor":null,"total":1,"totalExact":true}""",
        },
        ["ListReviews"] = new("An agent's reviews, newest first, each with the version used and `verifiedUse`."),
        ["GetAgentListing"] = new("The agent's listing (an agent has at most one), as `GET /api/v1/listings/{id}` shows it: a draft or " +
            "unpublished one only to its owner and admins, 404 to anyone else and when the agent has none."),
        ["GetAgentStatistics"] = new("Rating aggregates and the last 30 days' usage: active deployments, invocations, error rate and " +
            "p95 latency. Revenue fields are filled for the owner and admins only."),
        ["CreateReview"] = new("Reviews an agent, once per user (409; edit with `PUT …/reviews/mine`). Only a user with at least one " +
            "successful call to the agent may review it, and never its publisher (403).")
        {
            Errors = [403, 409],
            Request = """{"rating":5,"title":"Does what it says","body":"Summaries were short and to the point."}""",
        },
        ["EditMyReview"] = new("Changes the caller's review of the agent.")
        {
            Request = """{"rating":4,"title":"Good","body":"Fast, and mostly right."}""",
        },
        ["DeleteMyReview"] = new("Withdraws the caller's review of the agent."),
        ["ReplyToReview"] = new("The agent's publisher answers a review, once (409 for a second reply; 403 for anyone else).")
        {
            Errors = [403, 409],
            Request = """{"body":"Thanks! Long texts are handled better in 1.1.0."}""",
        },
        ["RemoveReview"] = new("An admin removes a review, e.g. for abuse."),
    };
}
