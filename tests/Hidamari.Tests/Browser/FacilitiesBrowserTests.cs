using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Facilities")]
public sealed class FacilitiesBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_manager_records_a_facility_and_a_group_home_and_sees_the_totals_change()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("ui"));
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/facilities").ToString());
        await page.WaitForInteractiveAsync("facilities-page");
        await Assertions.Expect(page.GetByTestId("summary-total")).ToHaveTextAsync("0人");

        // A bad capacity is refused on the server, with a message, and nothing appears.
        await page.GetByTestId("facility-name").FillAsync("ひだまり学園");
        await page.GetByTestId("facility-address").FillAsync("東京都世田谷区");
        await page.GetByTestId("facility-capacity").Locator("input").FillAsync("0");
        await page.GetByTestId("register-facility").ClickAsync();
        await Assertions.Expect(page.GetByTestId("error-MainCapacity")).ToContainTextAsync("定員は1以上500以下");
        await Assertions.Expect(page.GetByTestId("summary-total")).ToHaveTextAsync("0人");

        await page.GetByTestId("facility-capacity").Locator("input").FillAsync("21");
        await page.GetByTestId("register-facility").ClickAsync();
        await Assertions.Expect(page.GetByTestId("summary-main")).ToHaveTextAsync("21人");
        await Assertions.Expect(page.GetByTestId("facilities-grid")).ToContainTextAsync("ひだまり学園");

        await page.GetByTestId("gh-name").FillAsync("ひだまりホーム");
        await page.GetByTestId("gh-capacity").Locator("input").FillAsync("6");
        await page.GetByTestId("open-group-home").ClickAsync();

        await Assertions.Expect(page.GetByTestId("summary-gh")).ToHaveTextAsync("6人");
        await Assertions.Expect(page.GetByTestId("summary-total")).ToHaveTextAsync("27人");
        await Assertions.Expect(page.GetByTestId("summary-share")).ToHaveTextAsync("22.2%");
        await Assertions.Expect(page.GetByTestId("total-all")).ToHaveTextAsync("27");
    }

    [Fact]
    public async Task An_unknown_tenant_shows_the_not_found_page()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(new Uri(portal.ServerAddress, "/t/no-such-tenant/facilities").ToString());
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();
    }
}
