namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>A sentiment score in [-1, 1] and the label its sign gives.</summary>
internal sealed record SentimentReading(double Score)
{
    public string Label => Score switch
    {
        > 0 => "positive",
        < 0 => "negative",
        _ => "neutral",
    };
}
