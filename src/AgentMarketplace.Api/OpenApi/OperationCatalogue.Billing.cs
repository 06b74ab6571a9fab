namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> Billing() => new()
    {
        ["ReportUsage"] = new("A publisher reports usage of its own agent's deployment (units the agent measured itself). Needs an " +
            "`Idempotency-Key`: a replay is counted once. Accepted only for the publisher's live deployments (a stopped one is 409) " +
            "and declared capabilities, with bounded units (400); refused with 402 when it would pass the consumer's spend limit.")
        {
            Errors = [402, 409, 422],
            Request = """{"deploymentId":"3b241101-e2bb-4255-8caf-4136c566a962","capability":"word-count","units":120,"occurredAt":"2026-05-01T12:00:00Z"}""",
        },
        ["ReportUsageBatch"] = new("A publisher reports up to 1,000 usage events at once, each with its own `idempotencyKey`; all or " +
            "nothing. Events already reported count as `duplicates`.")
        {
            Errors = [402, 409],
            Request = """{"events":[{"idempotencyKey":"evt-1","deploymentId":"3b241101-e2bb-4255-8caf-4136c566a962","capability":"word-count","units":120,"occurredAt":"2026-05-01T12:00:00Z"}]}""",
            Response = """{"accepted":1,"duplicates":0}""",
        },
        ["GetMyUsage"] = new("The caller's usage per agent and deployment in a period (default: this month), priced as the invoice will " +
            "price it."),
        ["ListInvoices"] = new("The caller's invoices, newest first."),
        ["GetInvoice"] = new("One of the caller's invoices with its lines."),
        ["PayInvoice"] = new("Pays an open invoice with a payment method (e.g. `pm_card_visa`). Send an `Idempotency-Key` to retry " +
            "safely. Declined is 402; already paid or void is 409.")
        {
            Errors = [402, 409, 422, 503],
            Request = """{"paymentMethod":"pm_card_visa"}""",
        },
        ["StripeWebhook"] = new("Stripe's events, authenticated by their `Stripe-Signature` over the raw body (400 when it does not " +
            "match), each applied once. 503 while no webhook secret is configured.")
        {
            Errors = [503],
        },
        ["RunBilling"] = new("Invoices a period's usage: one invoice per user, finalized (`open`, payable). Running the same period " +
            "again, or twice at once, creates nothing new (`alreadyRun`).")
        {
            Request = """{"periodStart":"2026-04-01T00:00:00Z","periodEnd":"2026-05-01T00:00:00Z"}""",
        },
        ["VoidInvoice"] = new("Voids an open invoice; a payment in progress makes it wait, a paid invoice is 409.")
        {
            Errors = [409],
        },
        ["GetMyEarnings"] = new("The caller's gross, platform fee and net from paid invoices, per agent (from the ledger).")
        {
            Response = """{"grossCents":75,"platformFeeCents":15,"netCents":60,"currency":"USD","byAgent":[{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","grossCents":75,"platformFeeCents":15,"netCents":60}]}""",
        },
    };
}
