using Hidamari.Portal.Features.Leases;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Leases")]
public sealed class LeasesBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private async Task<(TenantInfo Tenant, Guid GroupHomeId)> CorporationWithOneGroupHomeAsync(string stem)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId(stem));
        var client = portal.ClientFor(tenant, "manager");
        var facility = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都世田谷区", mainCapacity = 24, effectiveOn = "2021-04-01" })).ReadAsync<Created>())!.Id;
        var gh = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "ひだまりホーム", capacity = 4, openedOn = "2024-03-01" })).ReadAsync<Created>())!.Id;
        return (tenant, gh);
    }

    private DateOnly Today => portal.Services.GetRequiredService<LeaseQueries>().Today;

    [Fact]
    public async Task A_manager_adds_a_lease_and_sees_its_renewal_on_the_calendar()
    {
        var (tenant, _) = await CorporationWithOneGroupHomeAsync("lease-ui");
        var endOfMonth = new DateOnly(Today.Year, Today.Month, DateTime.DaysInMonth(Today.Year, Today.Month));
        var start = new DateOnly(Today.Year, Today.Month, 1).AddYears(-2);
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "manager");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/leases").ToString());
        await page.WaitForInteractiveAsync("leases-page");

        await page.GetByTestId("lease-landlord").FillAsync("山田不動産");
        await page.GetByTestId("lease-address").FillAsync("東京都世田谷区上馬1-2-3");
        await page.GetByTestId("lease-starts-on").Locator("input").FillAsync(start.ToString("yyyy-MM-dd"));
        await page.GetByTestId("lease-starts-on").Locator("input").PressAsync("Tab");
        await page.GetByTestId("lease-ends-on").Locator("input").FillAsync(endOfMonth.ToString("yyyy-MM-dd"));
        await page.GetByTestId("lease-ends-on").Locator("input").PressAsync("Tab");
        await page.GetByTestId("lease-signed-on").Locator("input").FillAsync(start.AddDays(-10).ToString("yyyy-MM-dd"));
        await page.GetByTestId("lease-signed-on").Locator("input").PressAsync("Tab");
        await page.GetByTestId("lease-rent").Locator("input").FillAsync("150000");
        await page.GetByTestId("lease-rent").Locator("input").PressAsync("Tab");
        await page.GetByTestId("sign-lease").ClickAsync();

        await Assertions.Expect(page.GetByTestId("leases-grid")).ToContainTextAsync("山田不動産");
        await Assertions.Expect(page.GetByTestId("leases-grid")).ToContainTextAsync("150,000円");
        await Assertions.Expect(page.GetByTestId("lease-date-Renewal")).ToContainTextAsync("ひだまりホーム");

        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/leases/calendar").ToString());
        await page.WaitForInteractiveAsync("lease-calendar-page");
        await Assertions.Expect(page.GetByTestId("lease-calendar")).ToContainTextAsync("契約更新日（満了日）: ひだまりホーム");
        await Assertions.Expect(page.GetByTestId("critical-dates-grid")).ToContainTextAsync(Hidamari.Portal.Infrastructure.JapaneseDates.Wareki(endOfMonth));
    }

    [Fact]
    public async Task A_notice_deadline_inside_the_warning_window_appears_on_the_dashboard_card()
    {
        var (tenant, gh) = await CorporationWithOneGroupHomeAsync("lease-card");
        // The term ends in 100 days; two months' notice puts the deadline about 40 days ahead, inside 90.
        var ends = Today.AddDays(100);
        var terms = LeaseExamples.Terms(ends.AddYears(-2).AddDays(1), ends: ends, noticeMonths: 2);
        Assert.Equal(System.Net.HttpStatusCode.Created,
            (await portal.ClientFor(tenant).PostJsonAsync($"/api/t/{tenant.Id}/leases", new { groupHomeId = gh, terms })).StatusCode);

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "manager");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/leases").ToString());
        await page.WaitForInteractiveAsync("leases-page");

        var notice = page.GetByTestId("lease-date-NoticeDeadline");
        await Assertions.Expect(notice).ToContainTextAsync("更新拒絶・解約の通知期限");
        await Assertions.Expect(notice).ToContainTextAsync(Hidamari.Portal.Infrastructure.JapaneseDates.Wareki(ends.AddMonths(-2)));
        await Assertions.Expect(page.GetByTestId("lease-date-Renewal")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task On_the_lease_page_a_renamed_executable_is_refused_a_pdf_is_attached_and_a_renewal_moves_the_end_date()
    {
        var (tenant, gh) = await CorporationWithOneGroupHomeAsync("lease-detail");
        var response = await portal.ClientFor(tenant).PostJsonAsync($"/api/t/{tenant.Id}/leases",
            new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 2, 15)) });
        var id = (await response.ReadAsync<Created>())!.Id;

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "manager");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/leases/{id}").ToString());
        await page.WaitForInteractiveAsync("lease-page");
        await Assertions.Expect(page.GetByTestId("lease-current-rent")).ToContainTextAsync("150,000円");

        await page.GetByTestId("document-file").SetInputFilesAsync(new FilePayload { Name = "契約書.pdf", MimeType = "application/pdf", Buffer = DocumentTypesTests.Executable });
        await Assertions.Expect(page.GetByTestId("error-File")).ToContainTextAsync("PDF・PNG・JPEG");

        await page.GetByTestId("document-description").FillAsync("賃貸借契約書");
        await page.GetByTestId("document-file").SetInputFilesAsync(new FilePayload { Name = "契約書.pdf", MimeType = "application/pdf", Buffer = DocumentTypesTests.Pdf });
        await Assertions.Expect(page.GetByTestId("lease-documents")).ToContainTextAsync("契約書.pdf");
        await Assertions.Expect(page.GetByTestId("error-File")).ToHaveCountAsync(0);

        await page.GetByTestId("renew-lease").ClickAsync();
        await Assertions.Expect(page.GetByTestId("lease-ends-on-text")).ToHaveTextAsync("令和10年2月14日");
        await Assertions.Expect(page.GetByTestId("lease-history")).ToContainTextAsync("令和8年2月14日 → 令和10年2月14日");
    }

    [Fact]
    public async Task The_cost_page_shows_the_prorated_fiscal_year_cost_and_states_the_rounding_rule()
    {
        var (tenant, gh) = await CorporationWithOneGroupHomeAsync("lease-cost");
        await portal.ClientFor(tenant).PostJsonAsync($"/api/t/{tenant.Id}/leases",
            new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 2, 15)) });

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, tenant, "manager");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{tenant.Id}/leases/costs?fiscalYear=2023").ToString());
        await page.WaitForInteractiveAsync("lease-costs-page");

        await Assertions.Expect(page.GetByTestId("rounding-rule")).ToContainTextAsync("1円未満切り捨て");
        var row = page.GetByTestId("costs-ひだまりホーム");
        await Assertions.Expect(row).ToContainTextAsync("77,586");
        // 227,586 of rent + 390,000 of 礼金・仲介手数料・保証料 paid in FY2023.
        await Assertions.Expect(row.GetByTestId("gh-total")).ToHaveTextAsync("617,586");
        await Assertions.Expect(page.GetByTestId("corporation-total")).ToHaveTextAsync("617,586円");
    }
}
