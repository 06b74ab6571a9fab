using System.Security.Claims;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Persistence;

namespace AgentMarketplace.Users.Authentication;

/// <summary>
/// Builds the request's principal from the user as stored now, not as the credential remembers it:
/// a role change takes effect on the next request (<see cref="KnownUsers"/>), whatever the token says.
/// </summary>
internal sealed class UserPrincipalFactory(UsersDbContext db, KnownUsers knownUsers)
{
    public async Task<ClaimsPrincipal?> CreateAsync(Guid userId, string authenticationType, CancellationToken ct)
    {
        var user = await knownUsers.FindAsync(db, userId, ct);
        return user is null ? null : Create(user.Id, user.Email, user.Roles, authenticationType);
    }

    public static ClaimsPrincipal Create(Guid userId, string email, IEnumerable<string> roles, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId.ToString()),
            new(ClaimTypes.Name, email),
        };
        claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
