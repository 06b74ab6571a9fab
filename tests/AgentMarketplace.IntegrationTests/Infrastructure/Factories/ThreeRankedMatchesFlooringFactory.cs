namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The same, reading its candidates above a popularity floor whenever the statistics give one, with a
/// margin of 1, so that a dozen listings are enough for a floor to keep the matches or to cut too many.
/// </summary>
public sealed class ThreeRankedMatchesFlooringFactory : ThreeRankedMatchesFactory
{
    protected override string CandidateSearch => "Floor";
}
