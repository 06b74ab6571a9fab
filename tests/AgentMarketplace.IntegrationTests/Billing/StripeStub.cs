using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>What the stub was sent: the form Stripe.net encoded and the headers that matter.</summary>
public sealed record StripeStubRequest(string? IdempotencyKey, string? Authorization, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// Stripe's API as far as the platform uses it (creating PaymentIntents, reading one back by id or by a
/// metadata search, refunding one), served by Kestrel on a free
/// loopback port from responses shaped like ones recorded from Stripe's test mode: the real Stripe.net
/// client, its form encoding, headers and error parsing all run; only the network end is ours.
/// </summary>
public sealed class StripeStub : IDisposable
{
    /// <summary>Not a Stripe test method: the stub answers it with a PaymentIntent still `processing`, as a bank debit would.</summary>
    public const string ProcessingMethod = "pm_stub_processing";

    /// <summary>Not a Stripe test method: the stub answers it with Stripe's 500, as during an outage.</summary>
    public const string ServerErrorMethod = "pm_stub_server_error";

    /// <summary>Not a Stripe test method: the stub charges the card, then drops the connection before answering.</summary>
    public const string AnswerLostMethod = "pm_stub_answer_lost";

    /// <summary>Not a Stripe test method: the stub drops the connection without charging, as if the request never arrived.</summary>
    public const string NeverReceivedMethod = "pm_stub_never_received";

    private readonly WebApplication _app;

    public string BaseUrl { get; }

    public ConcurrentQueue<StripeStubRequest> Requests { get; } = new();

    /// <summary>The PaymentIntents answered, by the platform's payment id (their `metadata.payment_id`).</summary>
    public ConcurrentDictionary<Guid, JsonObject> Intents { get; } = new();

    /// <summary>The refunds made, by their Idempotency-Key: a request repeated with the same key gets the same refund, as at Stripe.</summary>
    public ConcurrentDictionary<string, JsonObject> Refunds { get; } = new();

    /// <summary>While true, a refund is answered with Stripe's 500, as during an outage, and none is made.</summary>
    public bool RefundsFail { get; set; }

    private StripeStub()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/payment_intents", CreatePaymentIntentAsync);
        _app.MapGet("/v1/payment_intents/search", SearchPaymentIntents);
        _app.MapGet("/v1/payment_intents/{id}", GetPaymentIntent);
        _app.MapPost("/v1/refunds", CreateRefundAsync);
        _app.Start();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
    }

    /// <summary>The requests made to pay invoice <paramref name="invoiceId"/>, retries included, in order.</summary>
    public IReadOnlyList<StripeStubRequest> RequestsFor(Guid invoiceId) =>
        Requests.Where(r => r.Form.GetValueOrDefault("metadata[invoice_id]") == invoiceId.ToString()).ToList();

    /// <summary>What happened to a PaymentIntent at Stripe since it was answered (a bank debit settling or failing).</summary>
    public void SetStatus(Guid paymentId, string status)
    {
        var intent = Intents[paymentId];
        intent["status"] = status;
        intent["amount_received"] = status == "succeeded" ? intent["amount"]!.GetValue<long>() : 0;
        intent["processing"] = null;
    }

    /// <summary>Started synchronously so a factory can know the URL before the host it configures is built.</summary>
    public static StripeStub Start() => new();

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
    }

    private async Task<IResult> CreatePaymentIntentAsync(HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        Requests.Enqueue(new StripeStubRequest(request.Headers["Idempotency-Key"].FirstOrDefault(), request.Headers.Authorization.FirstOrDefault(), form));
        var response = request.HttpContext.Response;
        response.Headers["Request-Id"] = "req_" + RandomId(14);
        response.Headers["Stripe-Version"] = request.Headers["Stripe-Version"].FirstOrDefault() ?? "2024-06-20";

        var method = form.GetValueOrDefault("payment_method");
        switch (method)
        {
            case "pm_card_visa" or "pm_card_mastercard":
                return Json(200, Remember(PaymentIntent(form, "succeeded")));
            case ProcessingMethod:
                return Json(200, Remember(PaymentIntent(form, "processing")));
            case AnswerLostMethod:
                Remember(PaymentIntent(form, "succeeded"));
                request.HttpContext.Abort();
                return Results.Empty;
            case NeverReceivedMethod:
                request.HttpContext.Abort();
                return Results.Empty;
            case ServerErrorMethod:
                return Json(500, JsonNode.Parse("""{ "error": { "message": "An unknown error occurred", "type": "api_error" } }""")!);
            case "pm_card_chargeDeclined":
                var declined = Remember(PaymentIntent(form, "requires_payment_method"));
                declined["last_payment_error"] = JsonNode.Parse(CardDeclined)!["error"]!.DeepClone();
                var error = JsonNode.Parse(CardDeclined)!;
                error["error"]!["payment_intent"] = declined.DeepClone();
                return Json(402, error);
            default:
                return Json(400, JsonNode.Parse($$"""
                    {
                      "error": {
                        "code": "resource_missing",
                        "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
                        "message": "No such PaymentMethod: '{{method}}'",
                        "param": "payment_method",
                        "request_log_url": "https://dashboard.stripe.com/test/logs/req_{{RandomId(14)}}",
                        "type": "invalid_request_error"
                      }
                    }
                    """)!);
        }
    }

    /// <summary>Stripe's search, for the one query the platform makes: `metadata['payment_id']:'{id}'`.</summary>
    private IResult SearchPaymentIntents(string query)
    {
        var found = Intents.Values.Where(i => query == $"metadata['payment_id']:'{i["metadata"]!["payment_id"]}'").Select(i => i.DeepClone());
        return Json(200, new JsonObject
        {
            ["object"] = "search_result",
            ["data"] = new JsonArray([.. found]),
            ["has_more"] = false,
            ["next_page"] = null,
            ["url"] = "/v1/payment_intents/search",
        });
    }

    private IResult GetPaymentIntent(string id) =>
        Intents.Values.FirstOrDefault(i => i["id"]!.GetValue<string>() == id) is { } intent
            ? Json(200, intent.DeepClone())
            : Json(404, JsonNode.Parse($$"""{ "error": { "code": "resource_missing", "message": "No such payment_intent: '{{id}}'", "param": "intent", "type": "invalid_request_error" } }""")!);

    /// <summary>A full refund of a succeeded PaymentIntent, shaped as Stripe's; the same Idempotency-Key returns the first.</summary>
    private async Task<IResult> CreateRefundAsync(HttpRequest request)
    {
        var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var key = request.Headers["Idempotency-Key"].FirstOrDefault() ?? "";
        Requests.Enqueue(new StripeStubRequest(key, request.Headers.Authorization.FirstOrDefault(), form));
        if (RefundsFail)
        {
            return Json(500, JsonNode.Parse("""{ "error": { "message": "An unknown error occurred", "type": "api_error" } }""")!);
        }

        var intentId = form.GetValueOrDefault("payment_intent");
        if (Intents.Values.FirstOrDefault(i => i["id"]!.GetValue<string>() == intentId) is not { } intent)
        {
            return Json(404, JsonNode.Parse($$"""{ "error": { "code": "resource_missing", "message": "No such payment_intent: '{{intentId}}'", "param": "payment_intent", "type": "invalid_request_error" } }""")!);
        }

        var refund = Refunds.GetOrAdd(key, _ => JsonNode.Parse($$"""
            {
              "id": "re_3Q{{RandomId(22)}}",
              "object": "refund",
              "amount": {{intent["amount"]!.GetValue<long>()}},
              "balance_transaction": "txn_3Q{{RandomId(22)}}",
              "charge": {{intent["latest_charge"]!.ToJsonString()}},
              "created": {{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},
              "currency": "{{intent["currency"]!.GetValue<string>()}}",
              "metadata": { "payment_id": {{JsonValue.Create(form.GetValueOrDefault("metadata[payment_id]"))!.ToJsonString()}} },
              "payment_intent": "{{intentId}}",
              "reason": null,
              "receipt_number": null,
              "source_transfer_reversal": null,
              "status": "succeeded",
              "transfer_reversal": null
            }
            """)!.AsObject());
        return Json(200, refund.DeepClone());
    }

    private JsonObject Remember(JsonObject intent)
    {
        if (Guid.TryParse(intent["metadata"]?["payment_id"]?.GetValue<string>(), out var paymentId))
        {
            Intents[paymentId] = intent;
        }

        return intent;
    }

    private static IResult Json(int status, JsonNode body) =>
        Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    /// <summary>Stripe's error body for `pm_card_chargeDeclined`.</summary>
    private const string CardDeclined = """
        {
          "error": {
            "charge": "ch_3QJd8rLkdIwHu7ix0bQ0WcQ2",
            "code": "card_declined",
            "decline_code": "generic_decline",
            "doc_url": "https://stripe.com/docs/error-codes/card-declined",
            "message": "Your card was declined.",
            "request_log_url": "https://dashboard.stripe.com/test/logs/req_8uvEC2mhuAnLOm",
            "type": "card_error"
          }
        }
        """;

    /// <summary>A PaymentIntent as Stripe returns it from a create-and-confirm with a card, fields in Stripe's order.</summary>
    private static JsonObject PaymentIntent(Dictionary<string, string> form, string status)
    {
        var id = "pi_3Q" + RandomId(22);
        var amount = long.Parse(form["amount"], CultureInfo.InvariantCulture);
        var succeeded = status == "succeeded";
        var metadata = new JsonObject();
        foreach (var (key, value) in form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[key["metadata[".Length..^1]] = value;
        }

        var intent = JsonNode.Parse($$"""
            {
              "id": "{{id}}",
              "object": "payment_intent",
              "amount": {{amount}},
              "amount_capturable": 0,
              "amount_details": { "tip": {} },
              "amount_received": {{(succeeded ? amount : 0)}},
              "application": null,
              "application_fee_amount": null,
              "automatic_payment_methods": { "allow_redirects": "never", "enabled": true },
              "canceled_at": null,
              "cancellation_reason": null,
              "capture_method": "automatic_async",
              "client_secret": "{{id}}_secret_{{RandomId(25)}}",
              "confirmation_method": "automatic",
              "created": {{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},
              "currency": "{{form["currency"]}}",
              "customer": null,
              "description": {{(form.TryGetValue("description", out var description) ? JsonValue.Create(description)!.ToJsonString() : "null")}},
              "invoice": null,
              "last_payment_error": null,
              "latest_charge": {{(status == "requires_payment_method" ? "null" : $"\"ch_3Q{RandomId(22)}\"")}},
              "livemode": false,
              "metadata": {},
              "next_action": null,
              "on_behalf_of": null,
              "payment_method": "pm_1Q{{RandomId(22)}}",
              "payment_method_configuration_details": { "id": "pmc_1PxKxPLkdIwHu7ixPZOhqVwW", "parent": null },
              "payment_method_options": {
                "card": { "installments": null, "mandate_options": null, "network": null, "request_three_d_secure": "automatic" }
              },
              "payment_method_types": [ "card" ],
              "processing": {{(status == "processing" ? """{ "type": "card", "card": {} }""" : "null")}},
              "receipt_email": null,
              "review": null,
              "setup_future_usage": null,
              "shipping": null,
              "source": null,
              "statement_descriptor": null,
              "statement_descriptor_suffix": null,
              "status": "{{status}}",
              "transfer_data": null,
              "transfer_group": null
            }
            """)!.AsObject();
        intent["metadata"] = metadata;
        return intent;
    }

    private static string RandomId(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(length, 0, (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}

/// <summary>Webhook deliveries as Stripe makes them: an event envelope, signed the way Stripe signs.</summary>
public static class StripeWebhookDelivery
{
    public const string Path = "/api/v1/billing/webhooks/stripe";

    /// <summary>An event of <paramref name="type"/> about <paramref name="data"/> (a PaymentIntent, say), with a fresh event id unless given.</summary>
    public static string Event(string type, JsonObject data, string? eventId = null) => new JsonObject
    {
        ["id"] = eventId ?? "evt_3Q" + Guid.NewGuid().ToString("N")[..22],
        ["object"] = "event",
        ["api_version"] = "2024-06-20",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["data"] = new JsonObject { ["object"] = data.DeepClone() },
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["type"] = type,
    }.ToJsonString();

    /// <summary>
    /// Stripe-Signature: `t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "t.payload" keyed with the secret&gt;`.
    /// Stripe.net checks the timestamp against the real clock, so this uses it too (not the host's fake one).
    /// </summary>
    public static string Signature(string payload, string secret = StripeApiFactory.WebhookSecret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static Task<HttpResponseMessage> DeliverAsync(this HttpClient client, string payload, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Signature(payload));
        return client.SendAsync(request);
    }
}
