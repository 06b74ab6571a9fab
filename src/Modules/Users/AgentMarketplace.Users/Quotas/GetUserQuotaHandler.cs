using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Contracts;
using Mediator;

namespace AgentMarketplace.Users.Quotas;

internal sealed class GetUserQuotaHandler(UserManager users) : IQueryHandler<GetUserQuota, UserQuota?>
{
    public async ValueTask<UserQuota?> Handle(GetUserQuota query, CancellationToken cancellationToken) =>
        await users.GetQuotaAsync(query.UserId, cancellationToken);
}
