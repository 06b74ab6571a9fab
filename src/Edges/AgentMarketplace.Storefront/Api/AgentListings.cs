using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Storefront.Api;

/// <summary>
/// An agent's published listing. The agent document does not carry it (its `listing` is null: the Registry
/// does not know the Marketplace's listings), and the API has no listing-by-agent route, so it is found the
/// way a visitor would: the agent's name in search, the result that is this agent, then the listing by id.
/// A draft listing is not in search; a page that just created one keeps its id instead.
/// </summary>
internal static class AgentListings
{
    public static async Task<ListingView?> FindPublishedAsync(MarketplaceApiClient api, AgentDetails agent)
    {
        var results = await api.Api.V1.Marketplace.Search.GetAsync(r => (r.QueryParameters.Q, r.QueryParameters.Limit) = (agent.Name, 100));
        var listingId = results?.Items?.FirstOrDefault(item => item.AgentId == agent.Id)?.ListingId;
        return listingId is { } id ? await api.Api.V1.Listings[id].GetAsync() : null;
    }
}
