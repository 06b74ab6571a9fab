using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Payments;

/// <summary>
/// Finishes payments left processing: a charge whose answer was lost (the provider may have charged)
/// or a pending one whose webhook never came. While a payment processes, its invoice can be neither
/// paid again nor voided, so one nobody finishes would hold the invoice for ever. After
/// `Billing:ReconcilePaymentsAfterMinutes` the provider is asked: succeeded settles it (once, as a
/// webhook would), failed or never received fails it (the invoice is open to be paid again), still
/// processing is asked again as late. A webhook arriving meanwhile changes nothing it did. It also
/// refunds the charges owed back that could not be refunded when they were found (the provider down).
/// </summary>
internal sealed class PaymentReconciliation(
    IServiceScopeFactory scopes, IOptions<BillingOptions> options, TimeProvider clock, ILogger<PaymentReconciliation> logger) : IScheduledJob
{
    private const int PaymentsPerRun = 50;

    public string Name => "billing.reconcile-payments";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken ct)
    {
        await RefundOwedAsync(ct);
        var cutoff = clock.GetUtcNow() - TimeSpan.FromMinutes(options.Value.ReconcilePaymentsAfterMinutes);
        List<(Guid Id, string? ProviderPaymentId)> waiting;
        await using (var scope = scopes.CreateAsyncScope())
        {
            waiting = (await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Payments.AsNoTracking()
                    .Where(p => p.Status == PaymentStatus.Processing && p.UpdatedAt < cutoff)
                    .OrderBy(p => p.UpdatedAt)
                    .Take(PaymentsPerRun)
                    .Select(p => new { p.Id, p.ProviderPaymentId })
                    .ToListAsync(ct))
                .ConvertAll(p => (p.Id, p.ProviderPaymentId));
        }

        foreach (var (paymentId, providerPaymentId) in waiting)
        {
            await using var scope = scopes.CreateAsyncScope();
            var provider = scope.ServiceProvider.GetRequiredService<IPaymentProvider>();
            var payments = scope.ServiceProvider.GetRequiredService<InvoicePayments>();
            ChargeOutcome? outcome;
            try
            {
                outcome = await provider.FindAsync(paymentId, providerPaymentId, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not ask {Provider} how payment {PaymentId} ended; asking again later", provider.Name, paymentId);
                continue;
            }

            await FinishAsync(scope.ServiceProvider.GetRequiredService<BillingDbContext>(), payments, paymentId, outcome, ct);
        }
    }

    private async Task RefundOwedAsync(CancellationToken ct)
    {
        List<Guid> owed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            owed = await scope.ServiceProvider.GetRequiredService<BillingDbContext>().Payments.AsNoTracking()
                .Where(p => p.Status == PaymentStatus.RefundDue)
                .OrderBy(p => p.UpdatedAt)
                .Take(PaymentsPerRun)
                .Select(p => p.Id)
                .ToListAsync(ct);
        }

        foreach (var paymentId in owed)
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                if (await scope.ServiceProvider.GetRequiredService<InvoicePayments>().RefundAsync(paymentId, ct))
                {
                    logger.LogInformation("Payment {PaymentId}, charged after another paid its invoice, is refunded", paymentId);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Could not refund payment {PaymentId}; trying again on the next run", paymentId);
            }
        }
    }

    private async Task FinishAsync(BillingDbContext db, InvoicePayments payments, Guid paymentId, ChargeOutcome? outcome, CancellationToken ct)
    {
        switch (outcome?.Result)
        {
            case ChargeResult.Succeeded:
                var settled = await payments.SettleAsync(paymentId, outcome.ProviderPaymentId, ct);
                logger.LogInformation("Payment {PaymentId} in doubt had succeeded: {Outcome}", paymentId, settled ? "invoice paid" : "already settled");
                break;
            case ChargeResult.Declined or ChargeResult.InvalidPaymentMethod:
                await payments.FailAsync(paymentId, outcome.ProviderPaymentId, outcome.Message, ct);
                logger.LogInformation("Payment {PaymentId} in doubt had failed: {Reason}", paymentId, outcome.Message);
                break;
            case null:
                await payments.FailAsync(paymentId, null, "The charge never reached the payment provider; nothing was charged.", ct);
                logger.LogWarning("Payment {PaymentId} never reached the payment provider: failed, its invoice is open again", paymentId);
                break;
            default:
                // Still processing at the provider: asked again after another window, behind the others.
                await db.Payments.Where(p => p.Id == paymentId && p.Status == PaymentStatus.Processing)
                    .ExecuteUpdateAsync(set => set.SetProperty(p => p.UpdatedAt, clock.GetUtcNow()), ct);
                break;
        }
    }
}
