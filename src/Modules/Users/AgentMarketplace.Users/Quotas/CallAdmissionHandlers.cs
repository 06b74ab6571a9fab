using AgentMarketplace.Users.Contracts;
using Mediator;

namespace AgentMarketplace.Users.Quotas;

/// <summary>In memory, from this process's shares (<see cref="CallAdmissions"/>): no database round trip unless a share is renewed.</summary>
internal sealed class AdmitCallHandler(CallAdmissions admissions) : ICommandHandler<AdmitCall, CallAdmission>
{
    public ValueTask<CallAdmission> Handle(AdmitCall command, CancellationToken cancellationToken) =>
        admissions.AdmitAsync(command.UserId, command.ReserveCents, cancellationToken);
}

internal sealed class GiveBackCallHandler(CallAdmissions admissions) : ICommandHandler<GiveBackCall>
{
    public ValueTask<Unit> Handle(GiveBackCall command, CancellationToken cancellationToken)
    {
        admissions.GiveBack(command.UserId, command.Month, command.ReservedCents);
        return ValueTask.FromResult(Unit.Value);
    }
}

internal sealed class SettleQuotaUseHandler(CallAdmissions admissions) : ICommandHandler<SettleQuotaUse>
{
    public ValueTask<Unit> Handle(SettleQuotaUse command, CancellationToken cancellationToken)
    {
        if (command.Recorded)
        {
            admissions.Reported(command.Uses);
        }
        else
        {
            foreach (var use in command.Uses)
            {
                admissions.GiveBack(use.UserId, use.Month, use.ReservedCents);
            }
        }

        return ValueTask.FromResult(Unit.Value);
    }
}
