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
            Response = """{"id":"9b2f4c1e-6d1a-4f7e-8a52-0c2d6f3b8e11","deploymentId":"3b241101-e2bb-4255-8caf-4136c566a962","agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","capability":"word-count","units":120,"occurredAt":"2026-05-01T12:00:00Z"}""",
        },
        ["ReportUsageBatch"] = new("A publisher reports up to 1,000 usage events at once, each with its own `idempotencyKey`; all or " +
            "nothing. Events already reported count as `duplicates`.")
        {
            Errors = [402, 409],
            Request = """{"events":[{"idempotencyKey":"evt-1","deploymentId":"3b241101-e2bb-4255-8caf-4136c566a962","capability":"word-count","units":120,"occurredAt":"2026-05-01T12:00:00Z"}]}""",
            Response = """{"accepted":1,"duplicates":0}""",
        },
        ["GetMyUsage"] = new("The caller's usage per agent and deployment in a period (default: this month), priced as the invoice will " +
            "price it, and its calls and units per UTC day (`days`, only days with usage; no amounts: a graduated or subscription " +
            "price is per period).")
        {
            Response = """{"from":"2026-05-01T00:00:00Z","to":"2026-05-31T23:59:59Z","items":[{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","deploymentId":"3b241101-e2bb-4255-8caf-4136c566a962","calls":3,"units":3,"amountCents":75}],"totalCents":75,"currency":"USD","days":[{"date":"2026-05-04","calls":2,"units":2},{"date":"2026-05-06","calls":1,"units":1}]}""",
        },
        ["ListInvoices"] = new("The caller's invoices, newest first."),
        ["GetInvoice"] = new("One of the caller's invoices with its lines.")
        {
            Response = """{"id":"5d0c2f0e-2a4b-4f3c-9d8e-7b6a5c4d3e2f","number":"INV-2026-000042","userId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","periodStart":"2026-04-01T00:00:00Z","periodEnd":"2026-05-01T00:00:00Z","status":"open","currency":"USD","lines":[{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","description":"Text Tools: 3 calls","quantity":3,"unitPriceCents":25,"amountCents":75}],"subtotalCents":75,"totalCents":75,"issuedAt":"2026-05-01T00:05:00Z","paidAt":null,"voidedAt":null}""",
        },
        ["PayInvoice"] = new("Pays an open invoice with a payment method (e.g. `pm_card_visa`). Send an `Idempotency-Key` to retry " +
            "safely. Declined is 402; already paid or void is 409.")
        {
            Errors = [402, 409, 422, 503],
            Request = """{"paymentMethod":"pm_card_visa"}""",
            Response = """{"status":"paid","paymentId":"c56a4180-65aa-42ec-a945-5fd21dec0538","invoiceId":"5d0c2f0e-2a4b-4f3c-9d8e-7b6a5c4d3e2f","amountCents":75,"currency":"USD","provider":"stripe"}""",
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
            Response = """{"runId":"e4eaaaf2-d142-11e1-b3e4-080027620cdd","periodStart":"2026-04-01T00:00:00Z","periodEnd":"2026-05-01T00:00:00Z","invoicesCreated":12,"totalCents":90000,"currency":"USD","alreadyRun":false}""",
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
