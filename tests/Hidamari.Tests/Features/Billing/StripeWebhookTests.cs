using System.Net;
using System.Text.Json;
using Hidamari.Billing;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Billing;

/// Signed webhooks through the real endpoint on real PostgreSQL: signature checks, once-per-event, any order.
[Trait("Category", "Billing")]
public sealed class StripeWebhookTests(BillingPortalFactory portal) : IClassFixture<BillingPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BillingStore Store => portal.Services.GetRequiredService<BillingStore>();

    private string Price(string plan) => portal.Prices[plan];

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("outcome").GetString()!;
    }

    [Fact]
    public async Task A_correctly_signed_event_sets_the_tenants_subscription()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-ok"));
        var response = await portal.DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", DateTimeOffset.UtcNow, Price("standard")));

        Assert.Equal("Applied", await OutcomeAsync(response));
        var state = await Store.SubscriptionAsync(tenant.Id, Ct);
        Assert.Equal(SubscriptionStatus.Active, state!.Status);
        Assert.Equal(Price("standard"), state.PriceId);
        Assert.Equal($"cus_of_{tenant.Id}", await Store.CustomerOfAsync(tenant.Id, Ct));
    }

    public static TheoryData<string> BadSignatures() => new() { "wrong-secret", "no-header", "garbage", "stale", "future", "replayed-on-other-payload" };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_badly_signed_or_stale_event_is_refused_with_400_and_changes_nothing(string how)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-bad"));
        var eventId = StripeEvents.NewEventId();
        var payload = StripeEvents.Subscription("customer.subscription.created", tenant.Id, "canceled", DateTimeOffset.UtcNow, eventId: eventId);
        var now = DateTimeOffset.UtcNow;
        var response = how switch
        {
            "wrong-secret" => await portal.DeliverAsync(payload, secret: "not-the-endpoint-secret"),
            "no-header" => await portal.DeliverAsync(payload, signature: ""),
            "garbage" => await portal.DeliverAsync(payload, signature: "t=abc,v1=def"),
            // Stripe's tolerance: 300 seconds either way.
            "stale" => await portal.DeliverAsync(payload, signedAt: now.AddSeconds(-301)),
            "future" => await portal.DeliverAsync(payload, signedAt: now.AddSeconds(400)),
            // A signature captured from one (genuine) event does not carry over to another body.
            _ => await portal.DeliverAsync(payload, signature: BillingPortalFactory.Sign(
                StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", now), portal.WebhookSecret, now)),
        };

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await Store.SubscriptionAsync(tenant.Id, Ct));
        Assert.Empty(await Store.EventsAsync(tenant.Id, Ct));

        // The same event, properly signed, is then processed: a refusal did not burn its id.
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(payload)));
    }

    [Fact]
    public async Task A_signature_within_the_tolerance_is_accepted()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-tol"));
        var payload = StripeEvents.Subscription("customer.subscription.created", tenant.Id, "trialing", DateTimeOffset.UtcNow);
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(payload, signedAt: DateTimeOffset.UtcNow.AddSeconds(-240))));
    }

    [Fact]
    public async Task The_same_event_delivered_five_times_changes_the_state_once()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-five"));
        var start = DateTimeOffset.UtcNow.AddDays(-3);
        await OutcomeAsync(await portal.DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", start, Price("small"))));
        var pastDue = StripeEvents.Subscription("customer.subscription.updated", tenant.Id, "past_due", start.AddDays(1), Price("small"));

        // Sequentially and concurrently, as Stripe's retries and a slow response can make it happen.
        var outcomes = new List<string> { await OutcomeAsync(await portal.DeliverAsync(pastDue)), await OutcomeAsync(await portal.DeliverAsync(pastDue)) };
        outcomes.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ => await OutcomeAsync(await portal.DeliverAsync(pastDue)))));

        Assert.Equal(1, outcomes.Count(o => o == "Applied"));
        Assert.Equal(4, outcomes.Count(o => o == "Duplicate"));
        var events = await Store.EventsAsync(tenant.Id, Ct);
        Assert.Equal(2, events.Count);
        var state = await Store.SubscriptionAsync(tenant.Id, Ct);
        Assert.Equal(SubscriptionStatus.PastDue, state!.Status);
        Assert.Equal(start.AddDays(1).ToUnixTimeSeconds(), state.PastDueSince!.Value.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Events_arriving_out_of_order_end_in_the_newest_state()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-order"));
        var t = DateTimeOffset.UtcNow.AddHours(-2);
        var created = StripeEvents.Subscription("customer.subscription.created", tenant.Id, "incomplete", t, Price("small"));
        var updated = StripeEvents.Subscription("customer.subscription.updated", tenant.Id, "active", t.AddMinutes(1), Price("standard"));

        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(updated)));
        Assert.Equal("Stale", await OutcomeAsync(await portal.DeliverAsync(created)));

        var state = await Store.SubscriptionAsync(tenant.Id, Ct);
        Assert.Equal(SubscriptionStatus.Active, state!.Status);
        Assert.Equal(Price("standard"), state.PriceId);

        // A late deletion of an older subscription does not end the newer one's state either... but a deletion
        // of this subscription after its update does.
        Assert.Equal("Stale", await OutcomeAsync(await portal.DeliverAsync(
            StripeEvents.Subscription("customer.subscription.deleted", tenant.Id, "canceled", t.AddSeconds(30), Price("small")))));
        Assert.Equal(SubscriptionStatus.Active, (await Store.SubscriptionAsync(tenant.Id, Ct))!.Status);
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(
            StripeEvents.Subscription("customer.subscription.deleted", tenant.Id, "canceled", t.AddMinutes(2), Price("standard")))));
        Assert.Equal(SubscriptionStatus.Canceled, (await Store.SubscriptionAsync(tenant.Id, Ct))!.Status);
    }

    [Fact]
    public async Task Checkout_completion_links_the_customer_and_later_events_find_the_tenant_by_it()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-link"));
        var customer = "cus_link_" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(StripeEvents.CheckoutCompleted(tenant.Id, customer, DateTimeOffset.UtcNow))));
        Assert.Equal(customer, await Store.CustomerOfAsync(tenant.Id, Ct));

        // A subscription event whose metadata names another tenant is still matched by its customer (ours wins).
        var other = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-other"));
        var payload = StripeEvents.Subscription("customer.subscription.created", other.Id, "active", DateTimeOffset.UtcNow, customer: customer);
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(payload)));
        Assert.Equal(SubscriptionStatus.Active, (await Store.SubscriptionAsync(tenant.Id, Ct))!.Status);
        Assert.Null(await Store.SubscriptionAsync(other.Id, Ct));
    }

    [Fact]
    public async Task Events_for_unknown_tenants_municipalities_or_of_other_types_are_acknowledged_and_ignored()
    {
        var ward = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-ward"), TenantKind.Municipality);
        var now = DateTimeOffset.UtcNow;
        Assert.Equal("Ignored", await OutcomeAsync(await portal.DeliverAsync(StripeEvents.Subscription("customer.subscription.created", ward.Id, "canceled", now))));
        Assert.Equal("Ignored", await OutcomeAsync(await portal.DeliverAsync(StripeEvents.Subscription("customer.subscription.created", "no-such-tenant", "canceled", now))));
        Assert.Null(await Store.SubscriptionAsync(ward.Id, Ct));
    }

    [Fact]
    public async Task A_failure_while_processing_answers_5xx_keeps_nothing_and_Stripes_retry_succeeds()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("wh-retry"));
        var eventId = StripeEvents.NewEventId();
        var payload = StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", DateTimeOffset.UtcNow, eventId: eventId);

        // The database loses billing's state table for a moment (this portal's own shared database).
        await using (var conn = await Store.DataSource.OpenConnectionAsync(Ct))
        await using (var away = new Npgsql.NpgsqlCommand("alter table billing.subscriptions rename to subscriptions_away", conn))
            await away.ExecuteNonQueryAsync(Ct);
        HttpResponseMessage failed;
        try
        {
            failed = await portal.DeliverAsync(payload);
        }
        finally
        {
            await using var conn = await Store.DataSource.OpenConnectionAsync(Ct);
            await using var back = new Npgsql.NpgsqlCommand("alter table billing.subscriptions_away rename to subscriptions", conn);
            await back.ExecuteNonQueryAsync(Ct);
        }
        Assert.True((int)failed.StatusCode >= 500, $"status {(int)failed.StatusCode}");
        Assert.Empty(await Store.EventsAsync(tenant.Id, Ct));
        Assert.Null(await Store.CustomerOfAsync(tenant.Id, Ct));

        // Stripe retries the same delivery: processed now, once.
        Assert.Equal("Applied", await OutcomeAsync(await portal.DeliverAsync(payload)));
        Assert.Equal("Duplicate", await OutcomeAsync(await portal.DeliverAsync(payload)));
        Assert.Equal(SubscriptionStatus.Active, (await Store.SubscriptionAsync(tenant.Id, Ct))!.Status);
    }

    [Fact]
    public async Task A_correctly_signed_body_that_is_not_an_event_is_refused()
    {
        var response = await portal.DeliverAsync("{ this is not json");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
