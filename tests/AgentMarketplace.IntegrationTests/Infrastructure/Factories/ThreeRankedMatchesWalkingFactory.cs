namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The same, finding its candidates by walking the popularity index.</summary>
public sealed class ThreeRankedMatchesWalkingFactory : ThreeRankedMatchesFactory
{
    protected override string CandidateSearch => "Walk";
}
