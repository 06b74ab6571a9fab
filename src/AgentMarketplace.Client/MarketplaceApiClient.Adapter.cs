using Microsoft.Kiota.Abstractions;

namespace AgentMarketplace.Client.Generated;

/// <summary>The request adapter, for a route the committed document does not describe yet.</summary>
public partial class MarketplaceApiClient
{
    public IRequestAdapter Adapter => RequestAdapter;
}
