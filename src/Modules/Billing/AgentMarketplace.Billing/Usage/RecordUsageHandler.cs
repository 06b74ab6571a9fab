using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;

namespace AgentMarketplace.Billing.Usage;

/// <summary>
/// Inserts a batch of usage events in one statement; an id seen before is skipped, so replays and
/// retries never count twice. The billing-period lock is taken in the same transaction, so it is held
/// until the insert commits (see BilledPeriods).
/// </summary>
internal sealed class RecordUsageHandler(BillingDbContext db, TimeProvider clock) : ICommandHandler<RecordUsage>
{
    public async ValueTask<Unit> Handle(RecordUsage command, CancellationToken cancellationToken)
    {
        if (command.Events.Count == 0)
        {
            return Unit.Value;
        }

        var writes = command.Batch ?? new WriteBatch();
        UsageEventStatements.AddInsert(writes, command.Events, clock.GetUtcNow());
        if (command.Batch is null)
        {
            await writes.ExecuteAsync(db.Database, cancellationToken);
        }

        return Unit.Value;
    }
}
