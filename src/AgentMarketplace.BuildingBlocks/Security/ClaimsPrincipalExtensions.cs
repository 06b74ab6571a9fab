using System.Security.Claims;

namespace AgentMarketplace.BuildingBlocks.Security;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The authenticated user's id; only called behind an authorization policy.</summary>
    public static Guid GetUserId(this ClaimsPrincipal principal)
    {
        var value = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not authenticated.");
        return Guid.Parse(value);
    }

    public static bool IsAdmin(this ClaimsPrincipal principal) => principal.IsInRole(Roles.Admin);
}
