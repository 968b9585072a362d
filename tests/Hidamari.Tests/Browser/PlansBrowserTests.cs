using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Plans")]
public sealed class PlansBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_manager_sees_where_the_actual_lags_the_plan_charted_and_enters_a_year()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("planui"));
        var ct = TestContext.Current.CancellationToken;
        var facilities = portal.Services.GetRequiredService<FacilityCommands>();
        var plans = portal.Services.GetRequiredService<PlanCommands>();
        var start = new DateOnly(2021, 9, 30);
        var id = (await facilities.RegisterAsync(tenant, "test", new RegisterFacility(FacilityKind.ChildrensHome, "福音寮", "世田谷区", 21, start), ct)).Value;
        for (var n = 1; n <= 6; n++)
            await facilities.OpenGroupHomeAsync(tenant, "test", id, new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"GH{n}", 6, start), ct);
        await plans.SetYearAsync(tenant, "test", new SetPlanYear(id, 2021, new PlannedFigures(3, 0, 21, 6, 0, 36)), ct);
        await plans.SetYearAsync(tenant, "test", new SetPlanYear(id, 2023, new PlannedFigures(3, 0, 18, 5, 2, 39), "GH1か所新設"), ct);

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/plans").ToString());
        await page.WaitForInteractiveAsync("plans-page");

        await Assertions.Expect(page.GetByTestId("plan-lags")).ToContainTextAsync("令和5年度末");
        await Assertions.Expect(page.GetByTestId("actual-GroupHomeCapacity-2023")).ToHaveClassAsync("lag");
        await Assertions.Expect(page.GetByTestId("actual-GroupHomeCapacity-2021")).Not.ToHaveClassAsync("lag");
        await Assertions.Expect(page.GetByTestId("plan-GroupHomeShare-2023")).ToHaveTextAsync("68.4%");
        await Assertions.Expect(page.GetByTestId("plan-chart").Locator("svg path").First).ToBeAttachedAsync();

        // Correct the 令和5年度 plan down to the actual: the lag disappears.
        await page.GetByTestId("plan-year").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { NameRegex = new System.Text.RegularExpressions.Regex("^令和5年度") }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-input-MainCapacity").Locator("input")).ToHaveValueAsync("18");
        await page.GetByTestId("plan-input-MainCapacity").Locator("input").FillAsync("21");
        await page.GetByTestId("plan-input-GroupHomesSixOrMore").Locator("input").FillAsync("6");
        await page.GetByTestId("plan-input-GroupHomesFourToFive").Locator("input").FillAsync("0");
        await page.GetByTestId("plan-input-GroupHomeCapacity").Locator("input").FillAsync("36");
        await page.GetByTestId("plan-save").ClickAsync();

        await Assertions.Expect(page.GetByTestId("plan-on-track")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("plan-GroupHomeShare-2023")).ToHaveTextAsync("63.2%");
    }
}
