using System.Security.Claims;

namespace AgentMarketplace.BuildingBlocks.Security;

/// <summary>Who is asking: owners and admins may manage what others may at most read.</summary>
public sealed record Actor(Guid UserId, bool IsAdmin)
{
    /// <summary>The signed-in caller, or null for an anonymous request.</summary>
    public static Actor? From(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? new Actor(principal.GetUserId(), principal.IsAdmin()) : null;

    public bool MayManage(Guid ownerId) => IsAdmin || ownerId == UserId;
}
