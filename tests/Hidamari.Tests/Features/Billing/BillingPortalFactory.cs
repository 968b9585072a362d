using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace Hidamari.Tests.Features.Billing;

/// <summary>
/// The portal with billing on: Stripe.net points at a <see cref="FakeStripe"/> on localhost, and webhooks are signed
/// with a secret generated for this run.
/// </summary>
public class BillingPortalFactory : PortalFactory, IAsyncLifetime
{
    public FakeStripe Stripe { get; } = new();

    public string WebhookSecret { get; } = "hidamari-webhook-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    /// Stripe price ids of the plans, generated per run.
    public IReadOnlyDictionary<string, string> Prices { get; } = new Dictionary<string, string>
    {
        ["small"] = "price_small_" + Guid.NewGuid().ToString("N")[..8],
        ["standard"] = "price_standard_" + Guid.NewGuid().ToString("N")[..8],
        ["large"] = "price_large_" + Guid.NewGuid().ToString("N")[..8],
    };

    public const int GraceDays = 7;

    // The fake Stripe must listen before the portal is configured with its address.
    async ValueTask IAsyncLifetime.InitializeAsync()
    {
        await Stripe.StartAsync();
        await base.InitializeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hidamari:Billing:StripeSecretKey", Stripe.ApiKey);
        builder.UseSetting("Hidamari:Billing:WebhookSecret", WebhookSecret);
        builder.UseSetting("Hidamari:Billing:StripeApiBase", Stripe.BaseAddress.ToString());
        builder.UseSetting("Hidamari:Billing:PastDueGraceDays", GraceDays.ToString(CultureInfo.InvariantCulture));
        foreach (var (plan, max, yen) in new[] { ("small", "2", "9800"), ("standard", "5", "19800"), ("large", "", "39800") })
        {
            builder.UseSetting($"Hidamari:Billing:Plans:{plan}:PriceId", Prices[plan]);
            if (max.Length > 0) builder.UseSetting($"Hidamari:Billing:Plans:{plan}:MaxFacilities", max);
            builder.UseSetting($"Hidamari:Billing:Plans:{plan}:MonthlyYen", yen);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Stripe.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Posts a webhook the way Stripe does: <c>Stripe-Signature: t=…,v1=HMAC-SHA256(secret, "{t}.{payload}")</c>.</summary>
    public async Task<HttpResponseMessage> DeliverAsync(string payload, DateTimeOffset? signedAt = null, string? secret = null, string? signature = null)
    {
        using var client = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/billing/stripe/webhook")
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? Sign(payload, secret ?? WebhookSecret, signedAt ?? DateTimeOffset.UtcNow));
        return await client.SendAsync(request);
    }

    public static string Sign(string payload, string secret, DateTimeOffset signedAt)
    {
        var t = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}

/// The same portal on a real port, for the browser.
public sealed class BillingKestrelPortalFactory : BillingPortalFactory
{
    protected override bool ListensOnPort => true;
}

/// Stripe events as Stripe sends them (only the fields the portal reads, plus the envelope).
public static class StripeEvents
{
    public static string Subscription(
        string type, string tenantId, string status, DateTimeOffset created, string? priceId = null,
        string subscriptionId = "sub_fake_1", string? customer = null, string? eventId = null, bool cancelAtPeriodEnd = false)
    {
        var subscription = new JsonObject
        {
            ["id"] = subscriptionId,
            ["object"] = "subscription",
            ["status"] = status,
            ["customer"] = customer ?? $"cus_of_{tenantId}",
            ["cancel_at_period_end"] = cancelAtPeriodEnd,
            ["created"] = created.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["metadata"] = new JsonObject { ["hidamari_tenant"] = tenantId },
            ["items"] = new JsonObject
            {
                ["object"] = "list",
                ["has_more"] = false,
                ["url"] = $"/v1/subscription_items?subscription={subscriptionId}",
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = "si_" + subscriptionId,
                    ["object"] = "subscription_item",
                    ["current_period_end"] = created.AddMonths(1).ToUnixTimeSeconds(),
                    ["price"] = new JsonObject { ["id"] = priceId ?? "price_unknown", ["object"] = "price", ["currency"] = "jpy" },
                }),
            },
        };
        return Envelope(eventId ?? NewEventId(), type, created, subscription);
    }

    public static string CheckoutCompleted(string tenantId, string customer, DateTimeOffset created, string? eventId = null) =>
        Envelope(eventId ?? NewEventId(), "checkout.session.completed", created, new JsonObject
        {
            ["id"] = "cs_fake_" + Guid.NewGuid().ToString("N")[..8],
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["client_reference_id"] = tenantId,
            ["customer"] = customer,
            ["status"] = "complete",
            ["livemode"] = false,
        });

    public static string NewEventId() => "evt_fake_" + Guid.NewGuid().ToString("N");

    private static string Envelope(string id, string type, DateTimeOffset created, JsonObject data) => new JsonObject
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = global::Stripe.StripeConfiguration.ApiVersion,
        ["created"] = created.ToUnixTimeSeconds(),
        ["type"] = type,
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
        ["data"] = new JsonObject { ["object"] = data },
    }.ToJsonString();
}
