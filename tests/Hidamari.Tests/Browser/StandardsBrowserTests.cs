using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Standards")]
public sealed class StandardsBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_room_for_5_at_3_square_metres_each_is_flagged_with_the_rule_it_breaks()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("std"));
        await portal.Services.GetRequiredService<FacilityCommands>().RegisterAsync(tenant, "test",
            new RegisterFacility(FacilityKind.ChildrensHome, "ひだまり学園", "世田谷区", 30, new(2015, 4, 1)), TestContext.Current.CancellationToken);
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/standards").ToString());
        await page.WaitForInteractiveAsync("standards-page");
        await Assertions.Expect(page.GetByTestId("no-findings")).ToBeVisibleAsync();

        await page.GetByTestId("room-name").FillAsync("2階 居室3");
        await page.GetByTestId("room-area").Locator("input").FillAsync("15");
        await page.GetByTestId("room-residents").Locator("input").FillAsync("5");
        await page.GetByTestId("record-room").ClickAsync();

        var grid = page.GetByTestId("findings-grid");
        await Assertions.Expect(grid).ToContainTextAsync("2階 居室3");
        await Assertions.Expect(grid).ToContainTextAsync("居室に5人：基準の4人以下を超えています。");
        await Assertions.Expect(grid).ToContainTextAsync("1人当たり3㎡：基準の4.95㎡以上を満たしていません。");
        await Assertions.Expect(grid).ToContainTextAsync("national-2011");
    }
}
