namespace AgentMarketplace.BuildingBlocks.Security;

/// <summary>The platform's roles. Every user is a consumer; publisher and admin are granted.</summary>
public static class Roles
{
    public const string Consumer = "consumer";
    public const string Publisher = "publisher";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Consumer, Publisher, Admin];
}

/// <summary>Authorization policy names that module endpoints require.</summary>
public static class Policies
{
    /// <summary>Any authenticated user, by JWT or API key.</summary>
    public const string User = "user";
    /// <summary>Publishers, and admins who may act for them.</summary>
    public const string Publisher = "publisher";
    public const string Admin = "admin";
}
