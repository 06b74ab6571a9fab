namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>The kept sentences joined by spaces, and how many were kept.</summary>
internal sealed record Summary(string Text, int Sentences);
