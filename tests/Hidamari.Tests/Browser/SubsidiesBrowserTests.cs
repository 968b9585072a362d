using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Subsidies")]
public sealed class SubsidiesBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Finance_sees_the_capacity_45_statement_and_the_setagaya_opening_costs()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fin"));
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "finance");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/subsidies").ToString());
        await page.WaitForInteractiveAsync("subsidies-page");

        await page.GetByTestId("estimate-calculate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("per-child-total")).ToHaveTextAsync("244,796");
        await Assertions.Expect(page.GetByTestId("line-BasicProtection").GetByTestId("unit")).ToHaveTextAsync("125,920");
        await Assertions.Expect(page.GetByTestId("line-SmallFacility").GetByTestId("unit")).ToHaveTextAsync("9,050");
        await Assertions.Expect(page.GetByTestId("line-PrivateImprovement").GetByTestId("unit")).ToHaveTextAsync("15,346");
        await Assertions.Expect(page.GetByTestId("line-GeneralLiving").GetByTestId("unit")).ToHaveTextAsync("47,430");
        await Assertions.Expect(page.GetByTestId("line-OtherBudgetAverage").GetByTestId("unit")).ToHaveTextAsync("11,500");
        await Assertions.Expect(page.GetByTestId("improvement-applied")).ToContainTextAsync("9%");
        await Assertions.Expect(page.GetByTestId("statement-lines")).ToContainTextAsync("単価表第1版");
        await Assertions.Expect(page.GetByTestId("statement-rounding")).ToContainTextAsync("円未満切り捨て");

        await page.GetByRole(AriaRole.Tab, new() { Name = "GH開設費用" }).ClickAsync();
        await page.GetByTestId("opening-calculate").ClickAsync();
        await Assertions.Expect(page.GetByTestId("exp-total")).ToHaveTextAsync("34,098");
        await Assertions.Expect(page.GetByTestId("exp-initial")).ToContainTextAsync("3,974");
        await Assertions.Expect(page.GetByTestId("exp-rent")).ToContainTextAsync("14,124");
        await Assertions.Expect(page.GetByTestId("exp-equipment")).ToContainTextAsync("16,000");
        await Assertions.Expect(page.GetByTestId("rev-burden")).ToContainTextAsync("8,239");
        await Assertions.Expect(page.GetByTestId("rev-subsidy")).ToContainTextAsync("8,000");
        await Assertions.Expect(page.GetByTestId("rev-total")).ToHaveTextAsync("16,239");
    }

    [Fact]
    public async Task The_operator_sees_the_seed_version_and_its_history()
    {
        var page = await browser.NewPageAsync();
        await portal.SignInAsOperatorAsync(page);
        await page.GotoAsync(new Uri(portal.ServerAddress, "/operator/rate-tables").ToString());
        await page.WaitForInteractiveAsync("rate-tables-page");
        await Assertions.Expect(page.GetByTestId("rate-table-versions")).ToContainTextAsync("平成23年度");
        await page.GetByTestId("rate-table-versions").GetByText("単価表第1版").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("rate-table-detail")).ToContainTextAsync("125,920");
        await Assertions.Expect(page.GetByTestId("rate-table-detail")).ToContainTextAsync("system");
    }

    [Fact]
    public async Task Finance_prepares_locks_and_downloads_a_claim()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("claimui"));
        var api = portal.ClientFor(tenant, "finance");
        await api.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都世田谷区", mainCapacity = 45, effectiveOn = "2011-04-01" });
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "finance");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/subsidies").ToString());
        await page.WaitForInteractiveAsync("subsidies-page");
        await page.GetByRole(AriaRole.Tab, new() { Name = "請求" }).ClickAsync();

        await page.GetByTestId("claim-month").FillAsync("2011-05");
        await page.GetByTestId("claim-prepare").ClickAsync();
        await Assertions.Expect(page.GetByTestId("claim-total")).ToHaveTextAsync("11,015,820");
        await Assertions.Expect(page.GetByTestId("claim-state")).ToHaveTextAsync("下書き（未確定）");

        await page.GetByTestId("claim-lock").ClickAsync();
        await Assertions.Expect(page.GetByTestId("claim-state")).ToContainTextAsync("確定");
        await Assertions.Expect(page.GetByTestId("claim-lock")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("claims-list")).ToContainTextAsync("確定");

        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("claim-download-pdf").ClickAsync());
        Assert.Equal("claim-2011-05-v1.pdf", pdf.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await pdf.PathAsync())!);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));

        var xlsx = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("claim-download-xlsx").ClickAsync());
        Assert.Equal("claim-2011-05-v1.xlsx", xlsx.SuggestedFilename);
    }
}
