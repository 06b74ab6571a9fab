using System.Security.Claims;
using AgentMarketplace.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Users.Authentication;

/// <summary>
/// Builds the request's principal from the user as stored now, not as the credential remembers it:
/// a role change or a deleted account takes effect on the next request, whatever the token says.
/// </summary>
internal sealed class UserPrincipalFactory(UsersDbContext db)
{
    public async Task<ClaimsPrincipal?> CreateAsync(Guid userId, string authenticationType, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.Roles })
            .FirstOrDefaultAsync(ct);
        if (user is null)
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.Email),
        };
        claims.AddRange(user.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
