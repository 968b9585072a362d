using System.Globalization;
using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Home;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hidamari.Tests.Features.Home;

/// The portal with the Setagaya demo data on a real port, for the dashboards of the demo people.
public sealed class DemoKestrelPortalFactory : PortalFactory
{
    protected override bool ListensOnPort => true;

    protected override bool DemoData => true;
}

/// <summary>
/// Each demo person signs in and lands on a dashboard whose cards match the data. The expected figures are worked out
/// here from the areas' own queries (facilities, plans, leases, staff, claims, submissions), never written in.
/// </summary>
[Trait("Category", "Browser")]
[Trait("Category", "Facilities")]
public sealed class HomeBrowserTests(DemoKestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<DemoKestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    /// The demo people's development password in the test configuration (PortalFactory).
    private const string DemoPassword = "demo-password-2021";

    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private string Url(string path) => new Uri(portal.ServerAddress, path).ToString();

    private T Service<T>() where T : notnull => portal.Services.GetRequiredService<T>();

    private static string Invariant(decimal value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private async Task<IPage> SignInAsDemoAsync(string role, string tenant, string path)
    {
        await browser.Context.ClearCookiesAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultNavigationTimeout(120_000);
        await page.GotoAsync(Url("/account/login?returnUrl=" + Uri.EscapeDataString(path)));
        await page.GetByTestId("login-email").FillAsync(DemoPeople.Email(role, tenant));
        await page.GetByTestId("login-password").FillAsync(DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    private static async Task<string?> ValueAsync(IPage page, string testId) =>
        await page.GetByTestId(testId).GetAttributeAsync("data-value");

    [Fact]
    public async Task The_demo_manager_sees_gh_share_against_plan_lease_deadlines_qualifications_staffing_and_submissions()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var page = await SignInAsDemoAsync("manager", tenant.Id, $"/t/{tenant.Id}?fy=2024");
        await page.WaitForInteractiveAsync("tenant-home");
        Assert.EndsWith($"/t/{tenant.Id}?fy=2024", page.Url, StringComparison.Ordinal);

        var today = Service<LeaseQueries>().Today;
        var yearEnd = JapaneseDates.FiscalYearEnd(2024);
        var asOf = yearEnd < today ? yearEnd : today;
        var totals = (await Service<FacilityQueries>().ListAsync(tenant, asOf, Ct)).Totals;
        var planned = (await Service<PlanQueries>().CompareAsync(tenant, 2024, 2024, Ct)).Corporation.Single().Planned;
        Assert.NotNull(planned);
        await Assertions.Expect(page.GetByTestId("card-share-value")).ToHaveAttributeAsync("data-value", Invariant(totals.GroupHomeShare));
        await Assertions.Expect(page.GetByTestId("card-share-planned")).ToHaveAttributeAsync("data-value", Invariant(planned!.GroupHomeShare));

        var leases = await Service<LeaseQueries>().CriticalDatesAsync(tenant, null, LeaseQueries.CardWindowDays, Ct);
        await Assertions.Expect(page.GetByTestId("card-lease-deadlines-value")).ToHaveAttributeAsync("data-value", leases.Dates.Count.ToString(CultureInfo.InvariantCulture));
        var alerts = await Service<StaffQueries>().AlertsAsync(tenant, null, Ct);
        await Assertions.Expect(page.GetByTestId("card-qualifications-value")).ToHaveAttributeAsync("data-value",
            (alerts.Count(StaffAlertKind.QualificationExpiring) + alerts.Count(StaffAlertKind.QualificationExpired)).ToString(CultureInfo.InvariantCulture));

        var facilities = (await Service<FacilityQueries>().ListAsync(tenant, Ct)).Facilities;
        var short_ = 0;
        foreach (var f in facilities)
            if (await Service<StaffQueries>().ComplianceAsync(tenant, f.Id, today, Ct) is { Compliance.IsCompliant: false }) short_++;
        await Assertions.Expect(page.GetByTestId("card-staffing-value")).ToHaveAttributeAsync("data-value", short_.ToString(CultureInfo.InvariantCulture));

        // Grant documents are followed on the grants card, not as submissions.
        var latest = (await Service<SubmissionQueries>().SentAsync(tenant, Ct)).Select(s => s.Submission).Where(s => !HomeQueries.IsGrantDocument(s.Kind))
            .GroupBy(s => s.Document).Select(g => g.MaxBy(s => s.DocumentVersion)!).ToList();
        Assert.NotEmpty(latest);
        await Assertions.Expect(page.GetByTestId("card-submissions-waiting")).ToHaveAttributeAsync("data-value",
            latest.Count(s => s.Status is SentStatus.Sent or SentStatus.Received or SentStatus.InReview).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-submissions-returned")).ToHaveAttributeAsync("data-value",
            latest.Count(s => s.Status == SentStatus.Returned).ToString(CultureInfo.InvariantCulture));

        // The demo's decided grant application waits for its 実績報告.
        var applications = await Service<GrantQueries>().ApplicationsAsync(tenant, Ct);
        Assert.Contains(applications, a => a.Status == GrantStatus.Decided);
        await Assertions.Expect(page.GetByTestId("card-grants-to-report")).ToHaveAttributeAsync("data-value",
            applications.Count(a => a.Status == GrantStatus.Decided).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grants-returned")).ToHaveAttributeAsync("data-value",
            applications.Count(a => a.Status == GrantStatus.Returned).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grants-link")).ToHaveAttributeAsync("href", $"/t/{tenant.Id}/grants");

        // The API gives the same figures as the page.
        var api = await (await portal.ClientFor(tenant, "manager").GetAsync($"/api/t/{tenant.Id}/home?fiscalYear=2024", Ct)).ReadAsync<HomeDashboard>(Ct);
        Assert.Equal(totals.GroupHomeShare, api!.Manager!.Share.Share);
        Assert.Equal(planned.GroupHomeShare, api.Manager.Share.PlannedShare);
        Assert.Equal(leases.Dates.Count, api.Manager.Leases.Count);
        Assert.Equal(short_, api.Manager.Staffing.Short.Count);
        Assert.Null(api.Onboarding is { Complete: false } ? api.Onboarding : null);
        await Assertions.Expect(page.GetByTestId("onboarding")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("home-finance")).ToHaveCountAsync(0);

        // Every card links to where the work is done.
        await page.GetByTestId("card-share-link").ClickAsync();
        await page.WaitForInteractiveAsync("plans-page");
        await Assertions.Expect(page.GetByTestId("breadcrumb-home")).ToHaveTextAsync(tenant.DisplayName);
    }

    [Fact]
    public async Task The_demo_finance_person_sees_this_months_claims_and_the_years_amounts()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var page = await SignInAsDemoAsync("finance", tenant.Id, $"/t/{tenant.Id}");
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("home-manager")).ToHaveCountAsync(0);

        var today = Service<LeaseQueries>().Today;
        var facilities = (await Service<FacilityQueries>().ListAsync(tenant, Ct)).Facilities;
        var thisMonth = (await Service<ClaimQueries>().ListAsync(tenant, JapaneseDates.FiscalYearOf(today), Ct))
            .Where(c => c.Latest && c.Month.Year == today.Year && c.Month.Month == today.Month).ToList();
        var missing = facilities.Count(f => thisMonth.All(c => c.FacilityId != f.Id));
        var drafts = thisMonth.Count(c => !c.Locked);
        await Assertions.Expect(page.GetByTestId("card-claims-missing")).ToHaveAttributeAsync("data-value", missing.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-claims-drafts")).ToHaveAttributeAsync("data-value", drafts.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-claims-value")).ToHaveAttributeAsync("data-value", (missing + drafts).ToString(CultureInfo.InvariantCulture));

        var year = await Service<ClaimQueries>().YearAsync(tenant, JapaneseDates.FiscalYearOf(today), Ct);
        await Assertions.Expect(page.GetByTestId("card-amounts-claimed")).ToHaveAttributeAsync("data-value", year.TotalYen.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-claims-link")).ToHaveAttributeAsync("href", $"/t/{tenant.Id}/subsidies");

        // Grants: Setagaya's open programme with its deadlines, and 東京育成園's decided amount (seed 003: 19,974,000円).
        var open = (await Service<GrantQueries>().ProgrammesAsync(tenant.Jurisdiction, false, Ct))
            .Where(p => p.ApplicationDeadline >= today || p.ReportDeadline >= today).ToList();
        Assert.Contains(open, p => p.Key == GrantDemoData.ProgrammeKey);
        await Assertions.Expect(page.GetByTestId("card-grant-deadlines-programme")).ToHaveCountAsync(open.Count);
        var demo = open.Single(p => p.Key == GrantDemoData.ProgrammeKey);
        await Assertions.Expect(page.Locator($"[data-testid='card-grant-deadlines-programme'][data-key='{GrantDemoData.ProgrammeKey}']"))
            .ToHaveAttributeAsync("data-value", (demo.ApplicationDeadline >= today ? demo.ApplicationDeadline : demo.ReportDeadline).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var applications = await Service<GrantQueries>().ApplicationsAsync(tenant, Ct);
        await Assertions.Expect(page.GetByTestId("card-grant-deadlines-drafts")).ToHaveAttributeAsync("data-value",
            applications.Count(a => a.Status == GrantStatus.Draft).ToString(CultureInfo.InvariantCulture));
        // The grant amounts follow the chosen 年度: the demo's decided grant is of 令和4年度 (its programme's year).
        await page.GotoAsync(Url($"/t/{tenant.Id}?fy={demo.FiscalYear}"));
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.Locator("#card-grant-amounts-title")).ToContainTextAsync(JapaneseDates.FiscalYearLabel(demo.FiscalYear));
        applications = [.. applications.Where(a => a.Programme.FiscalYear == demo.FiscalYear)];
        var live = applications.Where(a => a.Status != GrantStatus.Cancelled).ToList();
        var decidedYen = live.Sum(a => a.Decided?.GrantYen ?? 0);
        Assert.True(decidedYen > 0);
        await Assertions.Expect(page.GetByTestId("card-grant-amounts-decided")).ToHaveAttributeAsync("data-value", decidedYen.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grant-amounts-fixed")).ToHaveAttributeAsync("data-value",
            live.Sum(a => a.Fixed?.GrantYen ?? 0).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grant-amounts-claimed")).ToHaveAttributeAsync("data-value",
            live.Sum(HomeQueries.ClaimedYen).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grant-amounts-paid")).ToHaveAttributeAsync("data-value",
            applications.Sum(a => a.PaidYen).ToString(CultureInfo.InvariantCulture));
        // The 措置費 card keeps its own label; the grants card says it is about grants.
        await Assertions.Expect(page.Locator("#card-amounts-title")).ToContainTextAsync("措置費");
        await Assertions.Expect(page.Locator("#card-grant-amounts-title")).ToContainTextAsync("補助金");

        var api = await (await portal.ClientFor(tenant, "finance").GetAsync($"/api/t/{tenant.Id}/home?fiscalYear={demo.FiscalYear}", Ct)).ReadAsync<HomeDashboard>(Ct);
        Assert.Equal(decidedYen, api!.Finance!.GrantAmounts.DecidedYen);
        Assert.Equal(open.Count, api.Finance.GrantDeadlines.Programmes.Count);

        await page.GetByTestId("card-grant-amounts-link").ClickAsync();
        await page.WaitForInteractiveAsync("grants-page");
    }

    [Fact]
    public async Task The_demo_reviewer_sees_the_queue_by_status_and_the_ward_falling_two_places_short_in_reiwa_6()
    {
        var ward = await portal.TenantAsync(DemoDataSeeder.Setagaya);
        var page = await SignInAsDemoAsync("reviewer", ward.Id, $"/t/{ward.Id}?fy=2024");
        await page.WaitForInteractiveAsync("tenant-home");

        var queue = await Service<SubmissionQueries>().QueueAsync(ward, null, Ct);
        foreach (var status in Enum.GetValues<ReviewStatus>())
            await Assertions.Expect(page.Locator($"[data-testid='card-queue-status'][data-status='{status}']"))
                .ToHaveAttributeAsync("data-value", queue.Count(q => q.Status == status).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-queue-value")).ToHaveAttributeAsync("data-value",
            queue.Count(q => !q.IsDecided).ToString(CultureInfo.InvariantCulture));

        var progress = (await Service<SubmissionQueries>().ProgressAsync(ward, Ct)).Years.Single(y => y.FiscalYear == 2024);
        await Assertions.Expect(page.GetByTestId("card-progress-target")).ToHaveAttributeAsync("data-value", Invariant(progress.Target!.GroupHomeShare));
        await Assertions.Expect(page.GetByTestId("card-progress-planned")).ToHaveAttributeAsync("data-value", Invariant(progress.Planned!.GroupHomeShare));
        Assert.True(progress.PlansFallShort);
        await Assertions.Expect(page.GetByTestId("card-progress-shortfall")).ToHaveAttributeAsync("data-value", progress.Shortfall.ToString(CultureInfo.InvariantCulture));

        // Grants: the demo's cases by status (東京育成園 decided, 福音寮 in review) and the programme's budget left.
        var cases = await Service<GrantQueries>().CasesAsync(ward, null, Ct);
        Assert.Contains(cases, c => c.Status == GrantStatus.Decided);
        Assert.Contains(cases, c => c.Status == GrantStatus.InReview);
        foreach (var status in Enum.GetValues<GrantStatus>().Where(s => s != GrantStatus.Draft))
        {
            var row = page.Locator($"[data-testid='card-grant-queue-status'][data-status='{status}']");
            var count = cases.Count(c => c.Status == status);
            if (count == 0) await Assertions.Expect(row).ToHaveCountAsync(0);
            else await Assertions.Expect(row).ToHaveAttributeAsync("data-value", count.ToString(CultureInfo.InvariantCulture));
        }
        await Assertions.Expect(page.GetByTestId("card-grant-queue-value")).ToHaveAttributeAsync("data-value",
            cases.Count(c => c.Pending is not null || c.Status == GrantStatus.Claimed).ToString(CultureInfo.InvariantCulture));
        var summaries = await Service<GrantQueries>().SummariesAsync(ward, Ct);
        Assert.NotEmpty(summaries);
        foreach (var summary in summaries)
            await Assertions.Expect(page.Locator($"[data-testid='card-grant-budget-programme'][data-key='{summary.Programme.Key}']"))
                .ToHaveAttributeAsync("data-value", summary.BudgetLeftYen?.ToString(CultureInfo.InvariantCulture) ?? "");
        await Assertions.Expect(page.GetByTestId("card-grant-budget-value")).ToHaveAttributeAsync("data-value",
            summaries.Sum(s => s.BudgetLeftYen ?? 0).ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("card-grant-budget-link")).ToHaveAttributeAsync("href", $"/t/{ward.Id}/grants");

        // A municipality's menu offers review and progress, not a corporation's areas.
        await Assertions.Expect(page.GetByTestId("nav-group-review")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("nav-group-everyday")).ToHaveCountAsync(0);
        await page.GetByTestId("card-ward-progress-link").ClickAsync();
        await page.WaitForInteractiveAsync("progress-page");
    }

    [Fact]
    public async Task The_fiscal_year_chosen_in_the_header_is_kept_from_page_to_page()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.Fukuinryo);
        var page = await SignInAsDemoAsync("manager", tenant.Id, $"/t/{tenant.Id}");
        await page.WaitForInteractiveAsync("tenant-home");
        var current = JapaneseDates.FiscalYearOf(Service<LeaseQueries>().Today);
        await Assertions.Expect(page.GetByTestId("tenant-home")).ToHaveAttributeAsync("data-fiscal-year", current.ToString(CultureInfo.InvariantCulture));

        await page.GetByTestId("fiscal-year-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = JapaneseDates.FiscalYearDisplay(2024, new CultureInfo("ja-JP")) }).ClickAsync();
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("tenant-home")).ToHaveAttributeAsync("data-fiscal-year", "2024");
        await Assertions.Expect(page.Locator("#card-share-title")).ToContainTextAsync("令和6年度");

        await page.GotoAsync(Url($"/t/{tenant.Id}/facilities"));
        await page.WaitForInteractiveAsync("facilities-page");
        await page.GotoAsync(Url($"/t/{tenant.Id}"));
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("tenant-home")).ToHaveAttributeAsync("data-fiscal-year", "2024");
        await Assertions.Expect(page.GetByTestId("fiscal-year-picker")).ToHaveAttributeAsync("data-value", "2024");
    }

    [Fact]
    public async Task A_deep_link_opened_before_signing_in_lands_on_its_page_after_sign_in()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.Fukuinryo);
        await browser.Context.ClearCookiesAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultNavigationTimeout(120_000);
        await page.GotoAsync(Url($"/t/{tenant.Id}/leases/calendar"));
        await Assertions.Expect(page.GetByTestId("login-page")).ToBeVisibleAsync();
        await page.GetByTestId("login-email").FillAsync(DemoPeople.Email("manager", tenant.Id));
        await page.GetByTestId("login-password").FillAsync(DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForInteractiveAsync("lease-calendar-page");
        Assert.EndsWith($"/t/{tenant.Id}/leases/calendar", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("breadcrumb-parent")).ToHaveAttributeAsync("href", $"/t/{tenant.Id}/leases");
    }

    [Fact]
    public async Task The_header_search_finds_the_tenants_group_homes_and_leases()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var page = await SignInAsDemoAsync("manager", tenant.Id, $"/t/{tenant.Id}/facilities");
        await page.WaitForInteractiveAsync("facilities-page");
        const string query = "グループホーム";
        await page.GetByTestId("global-search-input").FillAsync(query);
        await page.GetByTestId("global-search-input").PressAsync("Enter");
        await page.WaitForInteractiveAsync("search-page");

        var list = (await Service<FacilityQueries>().ListAsync(tenant, Ct)).Facilities;
        var expectedHomes = list.SelectMany(f => f.GroupHomes).Count(g => g.Name.Contains(query, StringComparison.Ordinal) || (g.Address?.Contains(query, StringComparison.Ordinal) ?? false));
        var expectedLeases = (await Service<LeaseQueries>().ListAsync(tenant, Ct)).Count(l => l.GroupHomeName.Contains(query, StringComparison.Ordinal)
            || l.Lease.Terms.Landlord.Contains(query, StringComparison.Ordinal) || l.Lease.Terms.Address.Contains(query, StringComparison.Ordinal));
        Assert.True(expectedHomes > 0);
        await Assertions.Expect(page.Locator("[data-testid='search-hit'][data-kind='GroupHome']")).ToHaveCountAsync(expectedHomes);
        await Assertions.Expect(page.Locator("[data-testid='search-hit'][data-kind='Lease']")).ToHaveCountAsync(expectedLeases);
        foreach (var href in await page.Locator("[data-testid='search-hit'] a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))
            Assert.StartsWith($"/t/{tenant.Id}/", href, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_corporations_first_manager_is_guided_with_progress_shown()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fresh"));
        await browser.Context.ClearCookiesAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultNavigationTimeout(120_000);
        await portal.SignInAsync(page, tenant, "manager");
        await page.GotoAsync(Url($"/t/{tenant.Id}"));
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("onboarding-progress")).ToHaveAttributeAsync("data-done", "0");
        await Assertions.Expect(page.GetByTestId("onboarding-progress")).ToHaveAttributeAsync("data-total", "4");

        await page.GetByTestId("onboarding-next").ClickAsync();
        await page.WaitForInteractiveAsync("facilities-page");
        await Assertions.Expect(page.GetByTestId("facilities-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("facilities-empty-action")).ToBeVisibleAsync();

        // Facility and group home recorded (through the same commands as the forms): two of four done, the plan next.
        var registered = await Service<FacilityCommands>().RegisterAsync(tenant, "test",
            new RegisterFacility(FacilityKind.ChildrensHome, "はじめ学園", "東京都世田谷区", 24, new DateOnly(2024, 4, 1)), Ct);
        await Service<FacilityCommands>().OpenGroupHomeAsync(tenant, "test", registered.Value,
            new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "はじめホーム", 6, new DateOnly(2024, 4, 1)), Ct);
        await page.GotoAsync(Url($"/t/{tenant.Id}"));
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("onboarding-progress")).ToHaveAttributeAsync("data-done", "2");
        await Assertions.Expect(page.Locator("[data-testid='onboarding-step'][data-step='GroupHomes']")).ToHaveAttributeAsync("data-done", "true");
        await Assertions.Expect(page.Locator("[data-testid='onboarding-step'][data-step='Plan']")).ToHaveAttributeAsync("aria-current", "step");
        await Assertions.Expect(page.GetByTestId("onboarding-next")).ToHaveAttributeAsync("href", $"/t/{tenant.Id}/plans");
    }
}
