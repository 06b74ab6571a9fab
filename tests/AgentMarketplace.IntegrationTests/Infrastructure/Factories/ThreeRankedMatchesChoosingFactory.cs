namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The same, choosing how to find its candidates from PostgreSQL's statistics, as a service does by default.</summary>
public sealed class ThreeRankedMatchesChoosingFactory : ThreeRankedMatchesFactory
{
    protected override string CandidateSearch => "Auto";
}
