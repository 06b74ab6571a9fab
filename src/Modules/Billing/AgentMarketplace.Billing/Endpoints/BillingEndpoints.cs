using System.Security.Claims;
using System.Text;
using AgentMarketplace.Billing.Idempotency;
using AgentMarketplace.Billing.Invoices;
using AgentMarketplace.Billing.Ledger;
using AgentMarketplace.Billing.Payments;
using AgentMarketplace.Billing.Usage;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Billing.Endpoints;

internal static class BillingEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var usage = endpoints.MapModuleGroup("Billing", "/api/v1/usage", "Billing").RequireAuthorization(Policies.Publisher);
        usage.MapPost("", ReportUsage).Validate<ReportUsageRequest>()
            .Produces<UsageAccepted>(StatusCodes.Status202Accepted)
            .WithName("ReportUsage").WithSummary("A publisher reports usage of its own agent's deployment; needs an Idempotency-Key.");
        usage.MapPost("/batch", ReportUsageBatch).Validate<ReportUsageBatchRequest>()
            .WithName("ReportUsageBatch")
            .WithSummary("A publisher reports up to 1,000 usage events at once, each with its own idempotencyKey; all or nothing.");

        var billing = endpoints.MapModuleGroup("Billing", "/api/v1/billing", "Billing").RequireAuthorization(Policies.User);
        billing.MapGet("/usage", GetUsage)
            .WithName("GetMyUsage").WithSummary("My usage per agent and deployment, priced as my invoice will price it.");
        billing.MapGet("/invoices", ListInvoices).WithName("ListInvoices").WithSummary("My invoices, newest first.");
        billing.MapGet("/invoices/{id:guid}", GetInvoice).WithName("GetInvoice").WithSummary("One of my invoices.");
        billing.MapPost("/invoices/{id:guid}/pay", Pay).Validate<PayRequest>().Produces<PaymentView>()
            .WithName("PayInvoice").WithSummary("Pay an open invoice; send an Idempotency-Key to retry safely.");

        // Stripe cannot sign in: the signature over the raw body is what authenticates it.
        endpoints.MapModuleGroup("Billing", "/api/v1/billing/webhooks", "Billing").AllowAnonymous()
            .MapPost("/stripe", StripeWebhook)
            .WithName("StripeWebhook").WithSummary("Stripe's events, verified by their Stripe-Signature; each applied once.");

        var admin = endpoints.MapModuleGroup("Billing", "/api/v1/admin/billing", "Billing").RequireAuthorization(Policies.Admin);
        admin.MapPost("/runs", Run).Validate<BillingRunRequest>()
            .WithName("RunBilling").WithSummary("Invoice a period's usage: one open invoice per user; a period is billed once.");
        admin.MapPost("/invoices/{id:guid}/void", Void)
            .WithName("VoidInvoice").WithSummary("Void an open invoice.");

        endpoints.MapModuleGroup("Billing", "/api/v1/publishers/me", "Billing").RequireAuthorization(Policies.Publisher)
            .MapGet("/earnings", GetEarnings)
            .WithName("GetMyEarnings").WithSummary("Gross, platform fee and net from paid invoices, per agent (from the ledger).");
    }

    private static async Task<IResult> ReportUsage(
        ReportUsageRequest request, [FromHeader(Name = IdempotentRequests.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        UsageTracker usage, IdempotentRequests idempotency, CancellationToken ct)
    {
        if (IdempotentRequests.CheckKey(idempotencyKey) is { } refused)
        {
            return Problems.From(refused);
        }

        var actor = Actor.From(principal)!;
        return await idempotency.RunAsync(actor.UserId, "usage", idempotencyKey!, request, StatusCodes.Status202Accepted,
            () => usage.ReportAsync(actor, request, ct), ct);
    }

    private static async Task<Results<Accepted<UsageBatchAccepted>, ProblemHttpResult>> ReportUsageBatch(
        ReportUsageBatchRequest request, ClaimsPrincipal principal, UsageBatches batches, CancellationToken ct) =>
        (await batches.ReportAsync(Actor.From(principal)!, request.Events!, ct))
            .Match<Results<Accepted<UsageBatchAccepted>, ProblemHttpResult>>(
                accepted => TypedResults.Accepted((string?)null, accepted), error => Problems.From(error));

    private static async Task<Results<Ok<UsageReport>, ProblemHttpResult>> GetUsage(
        DateTimeOffset? from, DateTimeOffset? to, ClaimsPrincipal principal, UsageTracker usage, CancellationToken ct) =>
        (await usage.ReportForUserAsync(principal.GetUserId(), from, to, ct)).ToOk();

    private static async Task<Results<Ok<Page<InvoiceView>>, ProblemHttpResult>> ListInvoices(
        int? limit, string? cursor, ClaimsPrincipal principal, BillingSystem billing, CancellationToken ct) =>
        PageRequest.TryParse(limit, cursor, out var page, out var error)
            ? TypedResults.Ok(await billing.ListAsync(principal.GetUserId(), page, ct))
            : Problems.From(error!);

    private static async Task<Results<Ok<InvoiceView>, ProblemHttpResult>> GetInvoice(
        Guid id, ClaimsPrincipal principal, BillingSystem billing, CancellationToken ct) =>
        (await billing.GetAsync(principal.GetUserId(), id, ct)).ToOk();

    private static async Task<IResult> Pay(
        Guid id, PayRequest request, [FromHeader(Name = IdempotentRequests.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        InvoicePayments payments, IdempotentRequests idempotency, CancellationToken ct)
    {
        var userId = principal.GetUserId();
        if (idempotencyKey is null)
        {
            return (await payments.PayAsync(userId, id, request.PaymentMethod!, null, ct)).ToOk().Result;
        }

        if (IdempotentRequests.CheckKey(idempotencyKey) is { } refused)
        {
            return Problems.From(refused);
        }

        return await idempotency.RunAsync(userId, $"pay:{id}", idempotencyKey, request, StatusCodes.Status200OK,
            () => payments.PayAsync(userId, id, request.PaymentMethod!, idempotencyKey, ct), ct);
    }

    private static async Task<Results<Ok, ProblemHttpResult>> StripeWebhook(HttpRequest request, StripeWebhooks webhooks, CancellationToken ct)
    {
        if (!webhooks.IsConfigured)
        {
            return Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Stripe webhooks are not configured.",
                "Set Billing:StripeWebhookSecret to this endpoint's signing secret.");
        }

        // The signature covers the exact bytes Stripe sent, so the body is read raw, never model-bound.
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        var stripeEvent = webhooks.Verify(json, request.Headers[StripeWebhooks.SignatureHeader], out var problem);
        if (stripeEvent is null)
        {
            return Problems.Problem(StatusCodes.Status400BadRequest, "The Stripe signature is not valid.", problem!);
        }

        await webhooks.ApplyAsync(stripeEvent, ct);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok<BillingRunView>, ProblemHttpResult>> Run(
        BillingRunRequest request, BillingSystem billing, CancellationToken ct) =>
        (await billing.RunAsync(request.PeriodStart!.Value, request.PeriodEnd!.Value, ct)).ToOk();

    private static async Task<Results<Ok<InvoiceView>, ProblemHttpResult>> Void(Guid id, BillingSystem billing, CancellationToken ct) =>
        (await billing.VoidAsync(id, ct)).ToOk();

    private static async Task<Ok<EarningsView>> GetEarnings(ClaimsPrincipal principal, Earnings earnings, CancellationToken ct) =>
        TypedResults.Ok(await earnings.ForPublisherAsync(principal.GetUserId(), ct));
}

internal sealed class PayRequestValidator : AbstractValidator<PayRequest>
{
    public PayRequestValidator() => RuleFor(r => r.PaymentMethod).NotEmpty().MaximumLength(255);
}
