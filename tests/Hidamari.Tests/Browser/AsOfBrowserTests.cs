using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Facilities")]
public sealed class AsOfBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    /// 福音寮 of seed 003: main 3 × 7, GH 6 × 6 from September 2021; in 令和5年度 the units go 7 → 6 and GH1 6 → 5.
    private async Task<(TenantInfo Tenant, Guid Facility)> FukuinryoAsync()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("asof"));
        var commands = portal.Services.GetRequiredService<FacilityCommands>();
        var ct = TestContext.Current.CancellationToken;
        var start = new DateOnly(2021, 9, 30);
        var id = (await commands.RegisterAsync(tenant, "test", new RegisterFacility(FacilityKind.ChildrensHome, "福音寮", "世田谷区", 21, start), ct)).Value;
        var units = new List<Guid>();
        for (var n = 1; n <= 3; n++) units.Add((await commands.AddLivingUnitAsync(tenant, "test", id, new AddLivingUnit($"U{n}", 7, start), ct)).Value);
        for (var n = 1; n <= 6; n++)
            await commands.OpenGroupHomeAsync(tenant, "test", id, new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"GH{n}", 6, start), ct);
        foreach (var unit in units)
            await commands.ChangeLivingUnitCapacityAsync(tenant, "test", id, new ChangeLivingUnitCapacity(unit, 6, new(2023, 4, 1)), ct);
        return (tenant, id);
    }

    [Fact]
    public async Task Switching_the_year_end_replays_the_numbers_and_a_capacity_change_updates_the_GH_share()
    {
        var (tenant, _) = await FukuinryoAsync();
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/facilities").ToString());
        await page.WaitForInteractiveAsync("facilities-page");

        // Everything recorded: main 18 + GH 36 = 54.
        await Assertions.Expect(page.GetByTestId("summary-total")).ToHaveTextAsync("54人");
        await Assertions.Expect(page.GetByTestId("corp-share")).ToHaveTextAsync("66.7%");

        // 令和4年度末 (2023-03-31): the units were still 7 → main 21, total 57.
        await page.GetByTestId("as-of-year-ends").GetByText("令和4年度末").ClickAsync();
        await Assertions.Expect(page.GetByTestId("as-of-label")).ToContainTextAsync("令和4年度（2022年度）末");
        await Assertions.Expect(page.GetByTestId("summary-main")).ToHaveTextAsync("21人");
        await Assertions.Expect(page.GetByTestId("corp-total")).ToHaveTextAsync("57");
        await Assertions.Expect(page.GetByTestId("corp-share")).ToHaveTextAsync("63.2%");

        // 令和5年度末: main 18.
        await page.GetByTestId("as-of-year-ends").GetByText("令和5年度末").ClickAsync();
        await Assertions.Expect(page.GetByTestId("corp-main")).ToHaveTextAsync("18");

        // Lower GH1 6 → 4 from 2024-10-01: 令和6年度末 shows GH 34 of 52 = 65.4%, 令和5年度末 stays as it was.
        await page.GetByTestId("change-place").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "GH：GH1（6人）" }).ClickAsync();
        await page.GetByTestId("change-capacity").Locator("input").FillAsync("4");
        await page.GetByTestId("change-date").Locator("input").FillAsync("2024-10-01");
        await page.GetByTestId("change-date").Locator("input").PressAsync("Tab");
        await page.GetByTestId("change-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("corp-gh")).ToHaveTextAsync("36");
        await page.GetByTestId("as-of-year-ends").GetByText("令和6年度末").ClickAsync();
        await Assertions.Expect(page.GetByTestId("corp-gh")).ToHaveTextAsync("34");
        await Assertions.Expect(page.GetByTestId("corp-share")).ToHaveTextAsync("65.4%");
    }

    [Fact]
    public async Task The_timeline_lists_each_change_with_its_effective_date_and_who_recorded_it()
    {
        var (tenant, facility) = await FukuinryoAsync();
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant);
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/facilities/{facility}/timeline").ToString());
        await page.WaitForInteractiveAsync("timeline-page");

        var grid = page.GetByTestId("timeline-grid");
        await Assertions.Expect(grid).ToContainTextAsync("ユニット定員 7人→6人");
        await Assertions.Expect(grid).ToContainTextAsync("令和5年4月1日");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(13);
    }
}
