using Hidamari.Tests.Features.Billing;
using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Billing")]
public sealed class BillingBrowserTests(BillingKestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<BillingKestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task DeliverAsync(string payload) =>
        Assert.Equal(System.Net.HttpStatusCode.OK, (await portal.DeliverAsync(payload)).StatusCode);

    [Fact]
    public async Task The_billing_page_shows_the_plan_and_a_past_due_banner()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("bb"));
        var price = portal.Prices["standard"];
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", DateTimeOffset.UtcNow.AddDays(-40), price));
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.updated", tenant.Id, "past_due", DateTimeOffset.UtcNow.AddDays(-2), price));
        portal.Stripe.AddInvoice($"cus_of_{tenant.Id}", "HIDA-0100", 19_800, "open", DateTimeOffset.UtcNow.AddDays(-2));

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/billing").ToString());
        await page.WaitForInteractiveAsync("billing-page");

        await Assertions.Expect(page.GetByTestId("billing-plan")).ToHaveTextAsync("スタンダード");
        await Assertions.Expect(page.GetByTestId("billing-status")).ToHaveTextAsync("お支払い遅延");
        var banner = page.GetByTestId("billing-banner");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-reason", "PastDueGrace");
        await Assertions.Expect(banner).ToContainTextAsync("お支払いが確認できていません");
        await Assertions.Expect(banner).ToContainTextAsync("読み取り専用になります");
        await Assertions.Expect(page.GetByTestId("billing-invoices")).ToContainTextAsync("HIDA-0100");
        await Assertions.Expect(page.GetByTestId("billing-invoices")).ToContainTextAsync("19,800円");
        await Assertions.Expect(page.GetByTestId("billing-invoices")).ToContainTextAsync("未払い");

        // Still within the grace period: the banner shows on the tenant's other pages, and their forms are still there.
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/facilities").ToString());
        await page.WaitForInteractiveAsync("facilities-page");
        await Assertions.Expect(page.GetByTestId("billing-banner")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("register-facility")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_read_only_tenant_sees_its_data_and_a_banner_but_no_write_forms()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("bro"));
        var manager = portal.ClientFor(tenant);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "福音寮", address = "東京都世田谷区", mainCapacity = 21, effectiveOn = "2021-09-30" }, Ct)).StatusCode);
        var price = portal.Prices["small"];
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.created", tenant.Id, "active", DateTimeOffset.UtcNow.AddDays(-40), price));
        await DeliverAsync(StripeEvents.Subscription("customer.subscription.updated", tenant.Id, "past_due", DateTimeOffset.UtcNow.AddDays(-9), price));

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/facilities").ToString());
        await page.WaitForInteractiveAsync("facilities-page");

        var banner = page.GetByTestId("billing-banner");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-readonly", "true");
        await Assertions.Expect(banner).ToContainTextAsync("読み取り専用です");
        await Assertions.Expect(page.GetByTestId("facilities-grid")).ToContainTextAsync("福音寮");
        await Assertions.Expect(page.GetByTestId("register-facility")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("facility-name")).ToHaveCountAsync(0);

        // The way out is one click away for the manager.
        await banner.GetByTestId("billing-banner-link").ClickAsync();
        await page.WaitForInteractiveAsync("billing-page");
        await Assertions.Expect(page.GetByTestId("open-customer-portal")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Subscribing_sends_the_manager_to_Stripe_Checkout()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("bsub"));
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/billing").ToString());
        await page.WaitForInteractiveAsync("billing-page");
        await Assertions.Expect(page.GetByTestId("billing-plan")).ToHaveTextAsync("未契約");
        await Assertions.Expect(page.GetByTestId("billing-banner")).ToHaveCountAsync(0);

        await page.GetByTestId("subscribe-small").ClickAsync();
        await Assertions.Expect(page.GetByTestId("fake-checkout")).ToBeVisibleAsync();
        Assert.StartsWith(new Uri(portal.Stripe.BaseAddress, "pay/cs_").ToString(), page.Url, StringComparison.Ordinal);
    }
}
