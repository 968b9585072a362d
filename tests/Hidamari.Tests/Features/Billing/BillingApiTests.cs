using System.Net;
using Hidamari.Billing;
using Hidamari.Portal.Features.Billing;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Billing;

/// Checkout, the customer portal and invoices, with Stripe.net talking to the fake Stripe on localhost.
[Trait("Category", "Billing")]
public sealed class BillingApiTests(BillingPortalFactory portal) : IClassFixture<BillingPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeStripe Stripe => portal.Stripe;

    private static object Facility(string name) =>
        new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = 12, effectiveOn = "2021-09-30" };

    [Fact]
    public async Task A_manager_subscribes_through_Checkout_with_the_plans_price_and_the_tenant_on_every_object()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("co"));
        var manager = portal.ClientFor(tenant);

        var response = await manager.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("standard"), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var redirect = (await response.ReadAsync<RedirectTo>(Ct))!;
        Assert.StartsWith(new Uri(Stripe.BaseAddress, "pay/cs_").ToString(), redirect.Url, StringComparison.Ordinal);

        var customer = Assert.Single(Stripe.RequestsTo("POST", "/v1/customers"), r => r.Form.GetValueOrDefault("metadata[hidamari_tenant]") == tenant.Id);
        Assert.Equal($"Bearer {Stripe.ApiKey}", customer.Authorization);
        Assert.Equal($"hidamari-customer-{tenant.Id}", customer.IdempotencyKey);
        Assert.Equal(tenant.DisplayName, customer.Form["name"]);

        var session = Assert.Single(Stripe.RequestsTo("POST", "/v1/checkout/sessions"), r => r.Form.GetValueOrDefault("client_reference_id") == tenant.Id);
        Assert.Equal("subscription", session.Form["mode"]);
        Assert.Equal(portal.Prices["standard"], session.Form["line_items[0][price]"]);
        Assert.Equal("1", session.Form["line_items[0][quantity]"]);
        Assert.Equal(tenant.Id, session.Form["subscription_data[metadata][hidamari_tenant]"]);
        Assert.Equal(tenant.Id, session.Form["metadata[hidamari_tenant]"]);
        Assert.EndsWith($"/t/{tenant.Id}/billing?checkout=success", session.Form["success_url"], StringComparison.Ordinal);
        Assert.EndsWith($"/t/{tenant.Id}/billing?checkout=canceled", session.Form["cancel_url"], StringComparison.Ordinal);

        // A second attempt reuses the same Stripe customer.
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("small"), Ct)).StatusCode);
        Assert.Single(Stripe.RequestsTo("POST", "/v1/customers"), r => r.Form.GetValueOrDefault("metadata[hidamari_tenant]") == tenant.Id);
        var sessions = Stripe.RequestsTo("POST", "/v1/checkout/sessions").Where(r => r.Form.GetValueOrDefault("client_reference_id") == tenant.Id).ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Equal(sessions[0].Form["customer"], sessions[1].Form["customer"]);
    }

    [Fact]
    public async Task An_unknown_plan_is_refused_and_nothing_is_sent_to_Stripe()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("co-bad"));
        var response = await portal.ClientFor(tenant).PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("platinum"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(Stripe.Requests, r => r.Form.Values.Contains(tenant.Id));
    }

    [Fact]
    public async Task The_overview_shows_plan_status_invoices_and_the_plan_the_facility_count_calls_for()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ov"));
        var manager = portal.ClientFor(tenant);
        foreach (var name in new[] { "一", "二", "三" })
            Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility(name), Ct)).StatusCode);

        var customer = "cus_ov_" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.OK, (await portal.DeliverAsync(StripeEvents.CheckoutCompleted(tenant.Id, customer, DateTimeOffset.UtcNow))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.DeliverAsync(StripeEvents.Subscription(
            "customer.subscription.created", tenant.Id, "trialing", DateTimeOffset.UtcNow, portal.Prices["small"], customer: customer))).StatusCode);
        Stripe.AddInvoice(customer, "HIDA-0001", 9_800, "paid", DateTimeOffset.UtcNow.AddMonths(-1));
        Stripe.AddInvoice(customer, "HIDA-0002", 9_800, "open", DateTimeOffset.UtcNow);

        var overview = (await (await manager.GetAsync($"/api/t/{tenant.Id}/billing", Ct)).ReadAsync<BillingOverview>(Ct))!;
        Assert.True(overview.Enabled);
        Assert.True(overview.Billed);
        Assert.Equal(SubscriptionStatus.Trialing, overview.Status);
        Assert.Equal("small", overview.PlanId);
        Assert.Equal(3, overview.Facilities);
        Assert.Equal("standard", overview.RecommendedPlanId);
        Assert.Equal(["small", "standard", "large"], overview.Plans.Select(p => p.Id));
        Assert.Equal(["HIDA-0001", "HIDA-0002"], overview.Invoices!.Select(i => i.Number));
        Assert.Equal(9_800, overview.Invoices![0].AmountPaid);
        Assert.Equal("jpy", overview.Invoices[0].Currency);
        Assert.Contains(Stripe.RequestsTo("GET", "/v1/invoices"), r => r.Query.Contains(customer, StringComparison.Ordinal));

        // A running subscription is changed in Stripe's customer portal, never doubled by a second Checkout.
        var again = await manager.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("standard"), Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.DoesNotContain(Stripe.RequestsTo("POST", "/v1/checkout/sessions"), r => r.Form.GetValueOrDefault("client_reference_id") == tenant.Id);

        // The customer portal opens for that customer and returns to the billing page.
        var portalResponse = await manager.PostAsync($"/api/t/{tenant.Id}/billing/portal", null, Ct);
        Assert.Equal(HttpStatusCode.OK, portalResponse.StatusCode);
        Assert.StartsWith(new Uri(Stripe.BaseAddress, "portal/bps_").ToString(), (await portalResponse.ReadAsync<RedirectTo>(Ct))!.Url, StringComparison.Ordinal);
        var sent = Assert.Single(Stripe.RequestsTo("POST", "/v1/billing_portal/sessions"), r => r.Form.GetValueOrDefault("customer") == customer);
        Assert.EndsWith($"/t/{tenant.Id}/billing", sent.Form["return_url"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("finance")]
    [InlineData("staff-viewer")]
    public async Task Only_the_manager_sees_billing_or_starts_a_subscription(string role)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("co-role"));
        var client = portal.ClientFor(tenant, role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/t/{tenant.Id}/billing", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("small"), Ct)).StatusCode);
        Assert.DoesNotContain(Stripe.Requests, r => r.Form.Values.Contains(tenant.Id));
    }
}

/// When Stripe fails, the portal says so and its own state still shows.
[Trait("Category", "Billing")]
public sealed class StripeOutageTests(BillingPortalFactory portal) : IClassFixture<BillingPortalFactory>
{
    [Fact]
    public async Task A_Stripe_outage_answers_502_for_checkout_and_the_overview_still_shows_the_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("down"));
        var manager = portal.ClientFor(tenant);
        await portal.Services.GetService<BillingStore>()!.RecordCustomerAsync(tenant.Id, "cus_down", ct);
        portal.Stripe.Failing = true;

        var checkout = await manager.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("large"), ct);
        Assert.Equal(HttpStatusCode.BadGateway, checkout.StatusCode);
        Assert.Equal("application/problem+json", checkout.Content.Headers.ContentType!.MediaType);

        // Webhooks do not need Stripe's API: the subscription still arrives, and the customer portal is what fails.
        Assert.Equal(HttpStatusCode.OK, (await portal.DeliverAsync(StripeEvents.Subscription(
            "customer.subscription.created", tenant.Id, "active", DateTimeOffset.UtcNow, portal.Prices["large"], customer: "cus_down"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadGateway, (await manager.PostAsync($"/api/t/{tenant.Id}/billing/portal", null, ct)).StatusCode);

        var overview = (await (await manager.GetAsync($"/api/t/{tenant.Id}/billing", ct)).ReadAsync<BillingOverview>(ct))!;
        Assert.Equal(SubscriptionStatus.Active, overview.Status);
        Assert.Equal("large", overview.PlanId);
        Assert.Null(overview.Invoices);
    }
}

/// The local default: no Stripe key, billing off, every tenant writes.
[Trait("Category", "Billing")]
public sealed class BillingOffTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Without_a_Stripe_key_billing_is_off_and_webhooks_are_not_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("off"));
        var manager = portal.ClientFor(tenant);
        var overview = (await (await manager.GetAsync($"/api/t/{tenant.Id}/billing", ct)).ReadAsync<BillingOverview>(ct))!;
        Assert.False(overview.Enabled);
        Assert.Equal(EntitlementReason.BillingOff, overview.Reason);
        Assert.False(overview.ReadOnly);
        Assert.Equal(HttpStatusCode.Conflict, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/billing/checkout", new StartCheckout("small"), ct)).StatusCode);

        var payload = StripeEvents.Subscription("customer.subscription.deleted", tenant.Id, "canceled", DateTimeOffset.UtcNow);
        using var client = portal.NewClient();
        var webhook = await client.PostAsync("/billing/stripe/webhook", new StringContent(payload), ct);
        Assert.Equal(HttpStatusCode.NotFound, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり", address = "東京都", mainCapacity = 6, effectiveOn = "2021-09-30" }, ct)).StatusCode);
    }
}
