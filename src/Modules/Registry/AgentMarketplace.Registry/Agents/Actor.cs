using System.Security.Claims;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.BuildingBlocks.Security;

namespace AgentMarketplace.Registry.Agents;

/// <summary>Who is asking: owners and admins see and change what others may not.</summary>
internal sealed record Actor(Guid UserId, bool IsAdmin)
{
    public static Actor? From(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? new Actor(principal.GetUserId(), principal.IsAdmin()) : null;

    public bool MayManage(Agent agent) => IsAdmin || agent.OwnerId == UserId;
}
