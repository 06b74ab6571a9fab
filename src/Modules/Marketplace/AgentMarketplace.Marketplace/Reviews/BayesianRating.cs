namespace AgentMarketplace.Marketplace.Reviews;

/// <summary>
/// Rating order is a Bayesian average: every agent starts with <see cref="PriorWeight"/> imaginary
/// reviews of <see cref="PriorMean"/> stars, so one 5-star review (3.33) ranks below 200 reviews
/// averaging 4.8 (4.76), while a well-reviewed agent converges on its plain average. A fixed prior
/// (rather than the catalog's mean) keeps the score a stored, indexable column.
/// </summary>
internal static class BayesianRating
{
    public const int PriorMean = 3;
    public const int PriorWeight = 5;

    public static string Sql(string sumColumn, string countColumn) =>
        $"({sumColumn} + {PriorMean * PriorWeight})::float8 / ({countColumn} + {PriorWeight})";
}
