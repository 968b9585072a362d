using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hidamari.Billing;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Billing;

/// A tenant whose payment lapsed reads and exports but cannot write, through the API; paying restores writing.
[Trait("Category", "Billing")]
public sealed class EntitlementsApiTests(BillingPortalFactory portal) : IClassFixture<BillingPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Facility(string name) =>
        new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = 21, effectiveOn = "2021-09-30" };

    private async Task DeliverAsync(string payload)
    {
        var response = await portal.DeliverAsync(payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<BillingOverview> OverviewAsync(HttpClient manager, TenantInfo tenant)
    {
        var response = await manager.GetAsync($"/api/t/{tenant.Id}/billing", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<BillingOverview>(Ct))!;
    }

    private static async Task<(string Title, string Detail, string Billing)> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = body.RootElement;
        return (root.GetProperty("title").GetString()!, root.GetProperty("detail").GetString()!, root.GetProperty("billing").GetString()!);
    }

    [Fact]
    public async Task Past_due_within_the_grace_period_still_writes_then_turns_read_only_and_back_to_active_when_paid()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ent-pd"));
        var manager = portal.ClientFor(tenant);
        var price = portal.Prices["small"];
        var start = DateTimeOffset.UtcNow.AddDays(-40);
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", start, price));
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility("第一ホーム"), Ct)).StatusCode);

        // Payment failed two days ago: the grace period (7 days) is still running.
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.updated", tenant.Id, "past_due", DateTimeOffset.UtcNow.AddDays(-2), price));
        var grace = await OverviewAsync(manager, tenant);
        Assert.Equal(EntitlementReason.PastDueGrace, grace.Reason);
        Assert.False(grace.ReadOnly);
        Assert.Equal(SubscriptionStatus.PastDue, grace.Status);
        Assert.Equal("small", grace.PlanId);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility("第二ホーム"), Ct)).StatusCode);

        // Another corporation, whose payment failed nine days ago: past the grace period.
        var lapsed = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ent-lapsed"));
        var lapsedManager = portal.ClientFor(lapsed);
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.created", lapsed.Id, "active", start, price, subscriptionId: "sub_lapsed"));
        Assert.Equal(HttpStatusCode.Created, (await lapsedManager.PostJsonAsync($"/api/t/{lapsed.Id}/facilities", Facility("第一ホーム"), Ct)).StatusCode);
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.updated", lapsed.Id, "past_due", DateTimeOffset.UtcNow.AddDays(-9), price, subscriptionId: "sub_lapsed"));

        var readOnly = await OverviewAsync(lapsedManager, lapsed);
        Assert.Equal(EntitlementReason.PastDueLapsed, readOnly.Reason);
        Assert.True(readOnly.ReadOnly);

        // Writes are refused (problem+json, Japanese by default), reads and exports keep working, nothing is lost.
        var (title, detail, reason) = await RefusalAsync(await lapsedManager.PostJsonAsync($"/api/t/{lapsed.Id}/facilities", Facility("第二ホーム"), Ct));
        Assert.Equal("読み取り専用です", title);
        Assert.Contains("お支払い", detail, StringComparison.Ordinal);
        Assert.Equal("PastDueLapsed", reason);
        var list = await lapsedManager.GetAsync($"/api/t/{lapsed.Id}/facilities", Ct);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("第一ホーム", await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("第二ホーム", await list.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var export = await lapsedManager.GetAsync($"/api/t/{lapsed.Id}/leases/register.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);

        // Every write method and every writer is refused, not only facility registration; finance too.
        var finance = portal.ClientFor(lapsed, "finance");
        await RefusalAsync(await finance.PostJsonAsync($"/api/t/{lapsed.Id}/leases", new { }, Ct));
        await RefusalAsync(await lapsedManager.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/t/{lapsed.Id}/facilities/{Guid.NewGuid()}"), Ct));
        await RefusalAsync(await lapsedManager.DeleteAsync($"/api/t/{lapsed.Id}/facilities/{Guid.NewGuid()}", Ct));

        // The manager can still reach Stripe to pay.
        Assert.Equal(HttpStatusCode.OK, (await lapsedManager.PostAsync($"/api/t/{lapsed.Id}/billing/portal", null, Ct)).StatusCode);

        // Stripe reports the invoice paid: writing is back at once.
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.updated", lapsed.Id, "active", DateTimeOffset.UtcNow, price, subscriptionId: "sub_lapsed"));
        var paid = await OverviewAsync(lapsedManager, lapsed);
        Assert.Equal(EntitlementReason.Active, paid.Reason);
        Assert.False(paid.ReadOnly);
        Assert.Equal(HttpStatusCode.Created, (await lapsedManager.PostJsonAsync($"/api/t/{lapsed.Id}/facilities", Facility("第二ホーム"), Ct)).StatusCode);
    }

    [Fact]
    public async Task A_canceled_tenant_is_read_only_keeps_its_data_and_is_told_so_in_English_on_request()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ent-cx"));
        var manager = portal.ClientFor(tenant);
        var t = DateTimeOffset.UtcNow.AddDays(-1);
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", t.AddDays(-60), portal.Prices["standard"]));
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility("東京育成園"), Ct)).StatusCode);
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.deleted", tenant.Id, "canceled", t, portal.Prices["standard"]));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/t/{tenant.Id}/facilities") { Content = JsonContent(Facility("新しいホーム")) };
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var (title, detail, reason) = await RefusalAsync(await manager.SendAsync(request, Ct));
        Assert.Equal("Read-only", title);
        Assert.Contains("subscription has ended", detail, StringComparison.Ordinal);
        Assert.Equal("Canceled", reason);

        var list = await (await manager.GetAsync($"/api/t/{tenant.Id}/facilities", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("東京育成園", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/t/{tenant.Id}/leases/register.xlsx", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_new_corporation_writes_before_subscribing_and_a_municipality_is_never_billed()
    {
        var corporation = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ent-new"));
        var manager = portal.ClientFor(corporation);
        var overview = await OverviewAsync(manager, corporation);
        Assert.Equal(EntitlementReason.NotSubscribed, overview.Reason);
        Assert.Null(overview.Status);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{corporation.Id}/facilities", Facility("ひだまり"), Ct)).StatusCode);

        var ward = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ent-ward"), TenantKind.Municipality);
        var entitlements = (IEntitlements)portal.Services.GetService(typeof(IEntitlements))!;
        var forWard = await entitlements.ForAsync(ward, Ct);
        Assert.Equal(EntitlementReason.NotBilled, forWard.Reason);
        Assert.False(forWard.ReadOnly);
        // Billing's endpoints are for corporation managers only.
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(ward, "approver").GetAsync($"/api/t/{ward.Id}/billing", Ct)).StatusCode);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");
}
