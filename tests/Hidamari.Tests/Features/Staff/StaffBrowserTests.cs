using System.Net;
using Hidamari.Portal.Features.Staff;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Features.Staff;

[Trait("Category", "Browser")]
[Trait("Category", "Staff")]
public sealed class StaffBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private string Url(string path) => new Uri(portal.ServerAddress, path).ToString();

    [Fact]
    public async Task A_manager_records_the_senior_training_session_and_the_compliance_gap_closes()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "ui-train");
        var senior = await corp.Manager.PostJsonAsync(corp.Staff, new
        {
            name = "基幹 太郎", hiredOn = "2015-04-01", category = "SeniorStaff", employment = "FullTime", weeklyHours = 0, priorExperienceYears = 2,
            facilityId = corp.FacilityId,
        });
        var seniorId = (await senior.ReadAsync<Created>())!.Id;
        await corp.Manager.PostJsonAsync($"{corp.Staff}/{seniorId}/qualifications", new { kind = "ChildCareWorker", obtainedOn = "2014-03-31" });
        Assert.Equal(HttpStatusCode.Created, (await corp.Manager.PostJsonAsync($"{corp.Staff}/training/courses", new
        {
            title = "基幹的職員研修", provider = "External", category = "SeniorStaff", hours = 30, feePerParticipant = 20_000,
        })).StatusCode);

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, corp.Tenant, "manager");
        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff/compliance"));
        await page.WaitForInteractiveAsync("compliance-page");

        // Must-show, through the page: 10 school-age + 4 pre-school → 3 direct-care posts; one assigned → gap 2.
        await page.GetByTestId("inputs-pre-school").FillAsync("4");
        await page.GetByTestId("inputs-school-age").FillAsync("10");
        await page.GetByTestId("inputs-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("required-DirectCare")).ToHaveTextAsync("3");
        await Assertions.Expect(page.GetByTestId("gap-DirectCare")).ToHaveTextAsync("2.00");
        await Assertions.Expect(page.GetByTestId("compliance-rounding")).ToContainTextAsync("1回だけ切り上げ");
        await Assertions.Expect(page.GetByTestId("gap-SeniorStaff")).ToHaveTextAsync("1.00");

        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff/training"));
        await page.WaitForInteractiveAsync("training-page");
        await page.GetByTestId($"attendee-{seniorId}").CheckAsync();
        await page.GetByTestId("session-location").FillAsync("東京都研修センター");
        await page.GetByTestId("session-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("courses")).ToContainTextAsync("基幹的職員研修");
        await Assertions.Expect(page.GetByTestId("courses").Locator("tbody tr td").Nth(7)).ToHaveTextAsync("1");

        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff/compliance"));
        await page.WaitForInteractiveAsync("compliance-page");
        await Assertions.Expect(page.GetByTestId("gap-SeniorStaff")).ToHaveTextAsync("0.00");
        await Assertions.Expect(page.GetByTestId("addon-SeniorStaff")).ToContainTextAsync("✓");
    }

    [Fact]
    public async Task A_qualification_expiring_in_30_days_appears_on_the_staff_dashboard_card()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "ui-card");
        var id = await StaffApiTests.HireCareWorkerAsync(corp, "期限 近子");
        var today = portal.Services.GetRequiredService<StaffQueries>().Today;
        await corp.Manager.PostJsonAsync($"{corp.Staff}/{id}/qualifications",
            new { kind = "FirstAid", obtainedOn = today.AddYears(-3).ToString("yyyy-MM-dd"), expiresOn = today.AddDays(30).ToString("yyyy-MM-dd") });

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, corp.Tenant, "manager");
        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff"));
        await page.WaitForInteractiveAsync("staff-page");

        var alert = page.GetByTestId("staff-alert-QualificationExpiring");
        await Assertions.Expect(alert).ToContainTextAsync("期限 近子");
        await Assertions.Expect(alert).ToContainTextAsync("あと30日");
        await Assertions.Expect(alert).ToContainTextAsync("救命講習修了証");
        await Assertions.Expect(page.GetByTestId("staff-roster")).ToContainTextAsync("期限 近子");

        // The same card on the corporation's home dashboard.
        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}"));
        await Assertions.Expect(page.GetByTestId("staff-alert-QualificationExpiring")).ToContainTextAsync("期限 近子");

        // The roster download from the page carries the sign-in cookie.
        var download = await page.APIRequest.GetAsync(Url($"/t/{corp.Tenant.Id}/staff/exports/roster.csv"));
        Assert.Equal(200, download.Status);
        Assert.Contains("期限 近子", await download.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_viewer_sees_counts_and_fte_by_category_but_no_names_and_cannot_open_a_record()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "ui-viewer");
        var id = await StaffApiTests.HireCareWorkerAsync(corp, "秘密 花子");

        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, corp.Tenant, "staff-viewer");
        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff"));
        await page.WaitForInteractiveAsync("staff-page");

        await Assertions.Expect(page.GetByTestId("summary-ChildCareWorker")).ToContainTextAsync("1.00");
        await Assertions.Expect(page.GetByTestId("staff-names-hidden")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("staff-roster")).ToHaveCountAsync(0);
        Assert.DoesNotContain("秘密", await page.ContentAsync(), StringComparison.Ordinal);

        Assert.Equal(403, (await page.APIRequest.GetAsync(Url($"/t/{corp.Tenant.Id}/staff/exports/roster.csv"))).Status);
        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}"));
        await Assertions.Expect(page.GetByTestId("staff-alerts-card")).ToBeVisibleAsync();
        Assert.DoesNotContain("秘密", await page.ContentAsync(), StringComparison.Ordinal);

        await page.GotoAsync(Url($"/t/{corp.Tenant.Id}/staff/{id}"));
        await Assertions.Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        Assert.DoesNotContain("秘密", await page.ContentAsync(), StringComparison.Ordinal);
    }
}
