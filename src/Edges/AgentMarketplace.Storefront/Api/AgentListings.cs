using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Storefront.Api;

/// <summary>An agent's listing, as the caller may see it (a draft only by its owner); none is not a problem.</summary>
internal static class AgentListings
{
    public static async Task<ListingView?> FindAsync(MarketplaceApiClient api, Guid agentId)
    {
        try
        {
            return await api.Api.V1.Agents[agentId.ToString()].Listing.GetAsync();
        }
        catch (ProblemDetails problem) when (problem.ResponseStatusCode == StatusCodes.Status404NotFound)
        {
            return null; // not listed, or not listed publicly
        }
    }
}
