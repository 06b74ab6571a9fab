namespace AgentMarketplace.Billing.Payments;

/// <summary>
/// The default provider when no Stripe key is configured: behaves like Stripe's test payment methods
/// (`pm_card_visa` and friends succeed, `pm_card_chargeDeclined…` are declined) without any network.
/// </summary>
internal sealed class TestPaymentProvider : IPaymentProvider
{
    private static readonly HashSet<string> Succeeding =
        ["pm_card_visa", "pm_card_visa_debit", "pm_card_mastercard", "pm_card_amex", "pm_card_discover", "pm_card_us"];

    private static readonly Dictionary<string, string> Declining = new()
    {
        ["pm_card_chargeDeclined"] = "Your card was declined.",
        ["pm_card_chargeDeclinedInsufficientFunds"] = "Your card has insufficient funds.",
        ["pm_card_chargeDeclinedExpiredCard"] = "Your card has expired.",
        ["pm_card_chargeDeclinedIncorrectCvc"] = "Your card's security code is incorrect.",
    };

    public string Name => "test";

    public Task<ChargeOutcome> ChargeAsync(PaymentCharge charge, CancellationToken ct)
    {
        if (Succeeding.Contains(charge.PaymentMethod))
        {
            return Task.FromResult(new ChargeOutcome(ChargeResult.Succeeded, $"pi_test_{charge.PaymentId:N}", null));
        }

        return Task.FromResult(Declining.TryGetValue(charge.PaymentMethod, out var reason)
            ? new ChargeOutcome(ChargeResult.Declined, $"pi_test_{charge.PaymentId:N}", reason)
            : new ChargeOutcome(ChargeResult.InvalidPaymentMethod, null, $"No such payment method: '{charge.PaymentMethod}'."));
    }

    /// <summary>It answers every charge at once, so no charge of its own is ever in doubt.</summary>
    public Task<ChargeOutcome?> FindAsync(Guid paymentId, string? providerPaymentId, CancellationToken ct) =>
        Task.FromResult<ChargeOutcome?>(null);

    /// <summary>No charge of its own succeeds late, so none is ever refunded; nothing moved, nothing to give back.</summary>
    public Task RefundAsync(Guid paymentId, string providerPaymentId, CancellationToken ct) => Task.CompletedTask;
}
