using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Users.Accounts;

internal sealed class GetPublisherProfileHandler(UsersDbContext db) : IQueryHandler<GetPublisherProfile, PublisherProfile?>
{
    public async ValueTask<PublisherProfile?> Handle(GetPublisherProfile query, CancellationToken cancellationToken) =>
        await db.Users.AsNoTracking()
            .Where(u => u.Id == query.UserId)
            .Select(u => new PublisherProfile(u.Id, u.DisplayName, u.PublisherName))
            .FirstOrDefaultAsync(cancellationToken);
}
