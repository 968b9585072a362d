using System.Net;
using System.Net.Http.Json;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Home;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Home;

/// <summary>
/// The home dashboard through <c>GET /api/t/{tenant}/home</c>: each role gets its own cards, and every figure equals
/// what the area's own API says (the expected values are read from those APIs, never written in here).
/// </summary>
[Trait("Category", "Facilities")]
public sealed class HomeApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static Task<HomeDashboard> HomeAsync(HttpClient client, TenantInfo tenant, int? fiscalYear = null) =>
        Get<HomeDashboard>(client, $"/api/t/{tenant.Id}/home{(fiscalYear is { } y ? $"?fiscalYear={y}" : "")}");

    private static async Task<Guid> FacilityAsync(HttpClient client, TenantInfo tenant, string name, int capacity, string on = "2021-09-30") =>
        (await Created<Created>(await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = capacity, effectiveOn = on }, Ct))).Id;

    private static async Task GroupHomeAsync(HttpClient client, TenantInfo tenant, Guid facility, string name, int capacity, string on = "2021-10-01") =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name, capacity, openedOn = on }, Ct)).StatusCode);

    [Fact]
    public async Task A_new_corporations_manager_is_guided_facilities_group_homes_plan_staff_and_the_progress_follows_the_data()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("onboard"));
        var manager = portal.ClientFor(tenant);

        var home = await HomeAsync(manager, tenant);
        Assert.NotNull(home.Manager);
        Assert.Null(home.Finance);
        Assert.Null(home.Review);
        Assert.Equal([OnboardingStep.Facilities, OnboardingStep.GroupHomes, OnboardingStep.Plan, OnboardingStep.Staff], home.Onboarding!.Steps.Select(s => s.Step));
        Assert.Equal(0, home.Onboarding.Done);
        Assert.Equal($"/t/{tenant.Id}/facilities", home.Onboarding.Next!.Path);

        var facility = await FacilityAsync(manager, tenant, "ひだまり学園", 30);
        home = await HomeAsync(manager, tenant);
        Assert.Equal(1, home.Onboarding!.Done);
        Assert.Equal(OnboardingStep.GroupHomes, home.Onboarding.Next!.Step);

        await GroupHomeAsync(manager, tenant, facility, "ひだまりホーム", 6);
        Assert.Equal(OnboardingStep.Plan, (await HomeAsync(manager, tenant)).Onboarding!.Next!.Step);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.PutAsJsonAsync($"/api/t/{tenant.Id}/plans/{facility}/years/2024",
            new { figures = new { mainUnitsSixOrMore = 4, mainUnitsFourToFive = 0, mainCapacity = 24, groupHomesSixOrMore = 1, groupHomesFourToFive = 1, groupHomeCapacity = 10 }, steps = "GHを1か所新設" },
            Json.Options, Ct)).StatusCode);
        home = await HomeAsync(manager, tenant);
        Assert.Equal(3, home.Onboarding!.Done);
        Assert.Equal($"/t/{tenant.Id}/staff", home.Onboarding.Next!.Path);

        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/staff", new
        {
            name = "日向 花子", nameKana = "ひなた はなこ", hiredOn = "2024-04-01", category = "ChildCareWorker", employment = "FullTime",
            weeklyHours = 0, priorExperienceYears = 3, facilityId = facility,
        }, Ct)).StatusCode);
        home = await HomeAsync(manager, tenant);
        Assert.Equal(4, home.Onboarding!.Done);
        Assert.Null(home.Onboarding.Next);
    }

    [Fact]
    public async Task The_managers_cards_equal_the_figures_of_the_facilities_plans_leases_staff_and_submissions_apis()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var tenant = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction);
        await PlanAsync(portal, tenant, "東京育成園", TokyoIkuseien);
        var manager = portal.ClientFor(tenant);
        var api = $"/api/t/{tenant.Id}";
        var facility = (await (await manager.GetAsync($"{api}/facilities", Ct)).ReadAsync<FacilityList>(Ct))!.Facilities.Single().Id;
        await GroupHomeAsync(manager, tenant, facility, "GH1", 6, "2022-04-01");
        await GroupHomeAsync(manager, tenant, facility, "GH2", 4, "2023-04-01");
        await SubmitPlanAsync(manager, tenant);

        foreach (var year in new[] { 2022, 2024 })
        {
            var home = await HomeAsync(manager, tenant, year);
            var cards = home.Manager!;
            Assert.Equal(year, home.FiscalYear);

            // GH share: the facilities list as of the card's date; plan: the plan comparison of the same year.
            var asOf = cards.Share.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var totals = (await (await manager.GetAsync($"{api}/facilities?asOf={asOf}", Ct)).ReadAsync<FacilityList>(Ct))!.Totals;
            Assert.Equal(totals.GroupHomeShare, cards.Share.Share);
            Assert.Equal(totals.GroupHomeCapacity, cards.Share.GroupHomeCapacity);
            Assert.Equal(totals.TotalCapacity, cards.Share.TotalCapacity);
            var comparison = (await (await manager.GetAsync($"{api}/plans/comparison?from={year}&to={year}", Ct)).ReadAsync<PlanComparison>(Ct))!;
            Assert.Equal(comparison.Corporation.Single().Planned!.GroupHomeShare, cards.Share.PlannedShare);
            Assert.Equal($"/t/{tenant.Id}/plans", cards.Share.Path);
        }

        // A care worker whose first-aid certificate runs out in 30 days: one expiring qualification.
        var hired = await manager.PostJsonAsync($"{api}/staff", new
        {
            name = "期限 近子", nameKana = "きげん ちかこ", hiredOn = "2024-04-01", category = "ChildCareWorker", employment = "FullTime",
            weeklyHours = 0, priorExperienceYears = 3, facilityId = facility,
        }, Ct);
        var staffId = (await hired.ReadAsync<Created>(Ct))!.Id;
        var today = (await HomeAsync(manager, tenant)).Today;
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"{api}/staff/{staffId}/qualifications",
            new { kind = "FirstAid", obtainedOn = today.AddYears(-3).AddDays(30).ToString("yyyy-MM-dd"), expiresOn = today.AddDays(30).ToString("yyyy-MM-dd") }, Ct)).StatusCode);

        var cardsNow = (await HomeAsync(manager, tenant)).Manager!;
        var dates = (await (await manager.GetAsync($"{api}/leases/critical-dates?days=90", Ct)).ReadAsync<Hidamari.Portal.Features.Leases.CriticalDateList>(Ct))!;
        Assert.Equal(dates.Dates.Count, cardsNow.Leases.Count);
        Assert.Equal($"/t/{tenant.Id}/leases/calendar", cardsNow.Leases.Path);
        var counts = (await (await manager.GetAsync($"{api}/staff/alerts/counts", Ct)).ReadAsync<Dictionary<Hidamari.Portal.Features.Staff.Alerts.StaffAlertKind, int>>(Ct))!;
        Assert.Equal(counts[Hidamari.Portal.Features.Staff.Alerts.StaffAlertKind.QualificationExpiring], cardsNow.Qualifications.Expiring);
        Assert.Equal(counts[Hidamari.Portal.Features.Staff.Alerts.StaffAlertKind.QualificationExpired], cardsNow.Qualifications.Expired);
        Assert.Equal(1, cardsNow.Qualifications.Expiring);
        var compliance = await (await manager.GetAsync($"{api}/staff/compliance/{facility}", Ct)).ReadAsync<Hidamari.Portal.Features.Staff.ComplianceView>(Ct);
        Assert.Equal(compliance!.Compliance.IsCompliant ? 0 : 1, cardsNow.Staffing.Short.Count);
        Assert.Equal(1, cardsNow.Staffing.FacilitiesChecked);

        // The plan was submitted: it waits for the ward (sent or received), nothing is returned.
        var sent = (await (await manager.GetAsync($"{api}/submissions", Ct)).ReadAsync<List<SentSubmissionView>>(Ct))!;
        Assert.Equal(sent.Count(s => s.Submission.Status is SentStatus.Sent or SentStatus.Received or SentStatus.InReview), cardsNow.Submissions.Waiting);
        Assert.Equal(1, cardsNow.Submissions.Waiting);
        Assert.Equal(0, cardsNow.Submissions.Returned);
        Assert.Equal($"/t/{tenant.Id}/submissions", cardsNow.Submissions.Path);
        _ = ward;
    }

    [Fact]
    public async Task Finance_sees_the_claims_to_prepare_this_month_and_the_locked_and_claimed_amounts_of_the_year()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fin"));
        var finance = portal.ClientFor(tenant, "finance");
        var api = $"/api/t/{tenant.Id}";
        var first = await FacilityAsync(finance, tenant, "ひだまり学園", 45, "2011-04-01");
        await FacilityAsync(finance, tenant, "こもれび学園", 30, "2011-04-01");

        var home = await HomeAsync(finance, tenant, 2011);
        Assert.Null(home.Manager);
        Assert.Null(home.Onboarding);
        Assert.Equal(2, home.Finance!.Claims.Facilities);
        Assert.Equal(2, home.Finance.Claims.Missing);
        Assert.Equal(0, home.Finance.Amounts.Claims);

        var figures = new EstimateFigures(ResidentsByAge.Unbanded(45), 0,
            [StaffPost.Psychologist, StaffPost.Nurse, StaffPost.IndividualCare, StaffPost.FamilySupport, StaffPost.Senior], "9%");
        var locked = (await (await finance.PostJsonAsync($"{api}/claims", new { facilityId = first, month = "2011-05-01", figures }, Ct)).ReadAsync<Created>(Ct))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await finance.PostJsonAsync($"{api}/claims/{locked}/lock", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await finance.PostJsonAsync($"{api}/claims", new { facilityId = first, month = "2011-06-01", figures }, Ct)).StatusCode);

        home = await HomeAsync(finance, tenant, 2011);
        var year = (await (await finance.GetAsync($"{api}/claims/year/2011", Ct)).ReadAsync<ClaimYear>(Ct))!;
        var claims = (await (await finance.GetAsync($"{api}/claims?fiscalYear=2011", Ct)).ReadAsync<List<ClaimSummary>>(Ct))!;
        Assert.Equal(year.TotalYen, home.Finance!.Amounts.ClaimedYen);
        Assert.Equal(claims.Where(c => c.Latest && c.Locked).Sum(c => c.TotalYen), home.Finance.Amounts.LockedYen);
        Assert.Equal(2, home.Finance.Amounts.Claims);
        Assert.Equal(1, home.Finance.Amounts.Locked);
        Assert.True(home.Finance.Amounts.LockedYen > 0 && home.Finance.Amounts.OpenYen > 0);
        Assert.Equal($"/t/{tenant.Id}/subsidies", home.Finance.Amounts.Path);

        // This month: no claim for either facility yet (the claims above are for 2011).
        Assert.Equal(2, home.Finance.Claims.Missing);
        Assert.Equal(0, home.Finance.Claims.Drafts);
    }

    [Fact]
    public async Task The_reviewer_sees_the_queue_by_status_and_age_and_the_wards_progress_from_the_review_and_progress_apis()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var first = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var second = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        await PlanAsync(portal, first, "東京育成園", TokyoIkuseien);
        await PlanAsync(portal, second, "福音寮", Fukuinryo);
        await SubmitPlanAsync(portal.ClientFor(first), first);
        await SubmitPlanAsync(portal.ClientFor(second), second);
        var reviewer = portal.ClientFor(ward, "reviewer");

        List<ReceivedSubmission> queue = [];
        for (var i = 0; i < 100 && queue.Count < 2; i++)
        {
            queue = (await (await reviewer.GetAsync($"/api/t/{ward.Id}/review/submissions", Ct)).ReadAsync<List<ReceivedSubmission>>(Ct))!;
            if (queue.Count < 2) await Task.Delay(100, Ct);
        }
        Assert.Equal(2, queue.Count);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"/api/t/{ward.Id}/review/submissions/{queue[0].Id}/assign"));
        queue = (await (await reviewer.GetAsync($"/api/t/{ward.Id}/review/submissions", Ct)).ReadAsync<List<ReceivedSubmission>>(Ct))!;

        var home = await HomeAsync(reviewer, ward, 2024);
        Assert.Null(home.Manager);
        Assert.Null(home.Finance);
        var cards = home.Review!;
        foreach (var status in Enum.GetValues<ReviewStatus>())
            Assert.Equal(queue.Count(q => q.Status == status), cards.Queue.ByStatus.Single(s => s.Status == status).Count);
        Assert.Equal(2, cards.Queue.Open);
        Assert.Equal(0, cards.Queue.OldestOpenDays);     // both arrived today
        Assert.Equal(0, cards.Overdue.Count);
        Assert.Equal($"/t/{ward.Id}/review", cards.Queue.Path);

        var progress = (await (await reviewer.GetAsync($"/api/t/{ward.Id}/progress", Ct)).ReadAsync<WardProgressDto>(Ct))!;
        var year = progress.Years.FirstOrDefault(y => y.FiscalYear == 2024);
        Assert.Equal(year?.Planned?.GroupHomeShare, cards.Progress.PlannedShare);
        Assert.Equal(year?.Target?.GroupHomeShare, cards.Progress.TargetShare);
        Assert.Equal($"/t/{ward.Id}/progress", cards.Progress.Path);
    }

    /// Polls until the background deliverer has carried the documents and steps across (as the reviewer test does).
    private static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 150 && !done(value); i++)
        {
            await Task.Delay(100, Ct);
            value = await read();
        }
        Assert.True(done(value), "the delivery did not arrive in time");
        return value;
    }

    [Fact]
    public async Task The_grant_cards_of_manager_finance_and_reviewer_equal_the_grants_apis_from_draft_to_claim()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var (manager, finance) = (portal.ClientFor(corporation), portal.ClientFor(corporation, "finance"));
        var (reviewer, approver) = (portal.ClientFor(ward, "reviewer"), portal.ClientFor(ward, "approver"));
        var (corp, muni) = ($"/api/t/{corporation.Id}/grants", $"/api/t/{ward.Id}/grants");

        var published = await approver.PostJsonAsync($"{muni}/programmes", new
        {
            key = "gh-opening", fiscalYear = 2022, name = "GH開設支援（令和4年度）", basis = "国庫補助1/2", budgetYen = 40_000_000,
            applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = ProgrammeTemplates.GroupHomeOpeningId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var programmeId = (await published.ReadAsync<Created>(Ct))!.Id;

        // Before any application: the open programme is on the finance card, nothing decided yet.
        var home = await HomeAsync(finance, corporation);
        var deadline = Assert.Single(home.Finance!.GrantDeadlines.Programmes);
        var programmes = await Get<List<GrantProgramme>>(finance, $"{corp}/programmes");
        Assert.Equal(programmes.Single().ApplicationDeadline, deadline.ApplicationDeadline);
        Assert.Equal(programmes.Single().ReportDeadline, deadline.ReportDeadline);
        Assert.Equal(new DateOnly(2099, 3, 31), home.Finance.GrantDeadlines.Next);
        Assert.Equal((0, 0L), (home.Finance.GrantAmounts.Applications, home.Finance.GrantAmounts.DecidedYen));
        Assert.Equal($"/t/{corporation.Id}/grants", home.Finance.GrantDeadlines.Path);

        async Task<Guid> DraftAsync(string title, long yen)
        {
            var response = await manager.PostJsonAsync($"{corp}/applications", new
            {
                programmeId, title, groupHome = "新GH", homes = 2,
                items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen, source = "manual" } },
            }, Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadAsync<Created>(Ct))!.Id;
        }
        var decided = await DraftAsync("GH2か所の開設", 16_000_000);
        var returned = await DraftAsync("GH1か所の開設", 6_000_000);
        await DraftAsync("GH開設（検討中）", 4_000_000);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(manager, $"{corp}/applications/{decided}/submit"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(manager, $"{corp}/applications/{returned}/submit"));
        await UntilAsync(() => Get<List<GrantCase>>(reviewer, $"{muni}/cases"), c => c.Count == 2);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(reviewer, $"{muni}/cases/{decided}/assign"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(reviewer, $"{muni}/cases/{returned}/assign"));
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"{muni}/cases/{returned}/return", new { reasons = "見積書を添付してください。" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(approver, $"{muni}/cases/{decided}/decide"));
        var applications = await UntilAsync(() => Get<List<GrantApplication>>(manager, $"{corp}/applications"),
            a => a.Any(x => x.Id == decided && x.Status == GrantStatus.Decided) && a.Any(x => x.Id == returned && x.Status == GrantStatus.Returned));

        // Manager: one returned, one draft, one decided awaiting its report; the grant documents are not counted as
        // submissions waiting for review (their review comes back on the grant, not on the submission).
        var cards = (await HomeAsync(manager, corporation)).Manager!;
        Assert.Equal(applications.Count(a => a.Status == GrantStatus.Returned), cards.Grants.Returned);
        Assert.Equal(applications.Count(a => a.Status == GrantStatus.Draft), cards.Grants.Drafts);
        Assert.Equal((1, 1, 1, 0, 0), (cards.Grants.Returned, cards.Grants.Drafts, cards.Grants.ToReport, cards.Grants.ToClaim, cards.Grants.Waiting));
        Assert.Equal(3, cards.Grants.NeedAction);
        Assert.Equal((0, 0), (cards.Submissions.Waiting, cards.Submissions.Returned));
        Assert.Equal($"/t/{corporation.Id}/grants", cards.Grants.Path);

        // Reviewer: the cases by status and the programme's budget left, as the grants API says.
        var review = (await HomeAsync(reviewer, ward)).Review!;
        var cases = await Get<List<GrantCase>>(reviewer, $"{muni}/cases");
        foreach (var status in Enum.GetValues<GrantStatus>().Where(s => s != GrantStatus.Draft))
            Assert.Equal(cases.Count(c => c.Status == status), review.Grants.ByStatus.Single(s => s.Status == status).Count);
        Assert.Equal(1, review.Grants.ByStatus.Single(s => s.Status == GrantStatus.Decided).Count);
        Assert.Equal(1, review.Grants.ByStatus.Single(s => s.Status == GrantStatus.Returned).Count);
        Assert.Equal(0, review.Grants.Open);
        var summary = Assert.Single(await Get<List<ProgrammeSummary>>(approver, $"{muni}/programmes/summary"));
        var line = Assert.Single(review.GrantBudget.Programmes);
        Assert.Equal((summary.Programme.Id, summary.DecidedYen, summary.FixedYen, summary.BudgetLeftYen), (line.ProgrammeId, line.DecidedYen, line.FixedYen, line.BudgetLeftYen));
        Assert.Equal(summary.BudgetLeftYen, review.GrantBudget.BudgetLeftYen);
        Assert.True(summary.DecidedYen > 0 && summary.BudgetLeftYen < 40_000_000);
        Assert.Equal($"/t/{ward.Id}/grants", review.GrantBudget.Path);

        // Report, 額の確定 and the claim: finance sees decided, fixed and claimed amounts as the application holds them.
        Assert.Equal(HttpStatusCode.OK, (await finance.PostJsonAsync($"{corp}/applications/{decided}/report", new
        {
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 15_200_000, source = "receipts" } },
        }, Ct)).StatusCode);
        await UntilAsync(() => Get<GrantCase>(reviewer, $"{muni}/cases/{decided}"), c => c.Status == GrantStatus.Reported);
        Assert.Equal(1, (await HomeAsync(reviewer, ward)).Review!.Grants.Open);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(reviewer, $"{muni}/cases/{decided}/assign"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(approver, $"{muni}/cases/{decided}/fix"));
        await UntilAsync(() => Get<GrantApplication>(manager, $"{corp}/applications/{decided}"), a => a.Status == GrantStatus.Fixed);
        Assert.Equal(1, (await HomeAsync(manager, corporation)).Manager!.Grants.ToClaim);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(finance, $"{corp}/applications/{decided}/claim"));
        await UntilAsync(() => Get<GrantCase>(reviewer, $"{muni}/cases/{decided}"), c => c.Status == GrantStatus.Claimed);

        var claimed = await Get<GrantApplication>(finance, $"{corp}/applications/{decided}");
        // The card follows the chosen 年度: the programme's (令和4年度).
        var amounts = (await HomeAsync(finance, corporation, 2022)).Finance!.GrantAmounts;
        Assert.Equal(2022, amounts.FiscalYear);
        Assert.Equal(claimed.Decided!.GrantYen, amounts.DecidedYen);
        Assert.Equal(claimed.Fixed!.GrantYen, amounts.FixedYen);
        Assert.Equal(claimed.Timeline.Single(t => t.What == "Sent.GrantClaim").Yen, amounts.ClaimedYen);
        Assert.Equal(claimed.Fixed.GrantYen, amounts.ClaimedYen);
        Assert.Equal(0, amounts.PaidYen);
        Assert.Equal((2, 1), (amounts.Applications, amounts.Decided));
        summary = Assert.Single(await Get<List<ProgrammeSummary>>(approver, $"{muni}/programmes/summary"));
        Assert.Equal((summary.DecidedYen, summary.FixedYen), (amounts.DecidedYen, amounts.FixedYen));
        Assert.Equal(1, (await HomeAsync(reviewer, ward)).Review!.Grants.Open);   // the claim waits for payment

        Assert.Equal(HttpStatusCode.OK, (await approver.PostJsonAsync($"{muni}/cases/{decided}/payments", new { yen = claimed.Fixed.GrantYen }, Ct)).StatusCode);
        var paid = await UntilAsync(() => Get<GrantApplication>(finance, $"{corp}/applications/{decided}"), a => a.Status == GrantStatus.Paid);
        amounts = (await HomeAsync(finance, corporation, 2022)).Finance!.GrantAmounts;
        Assert.Equal(paid.PaidYen, amounts.PaidYen);
        Assert.Equal(claimed.Fixed.GrantYen, amounts.PaidYen);
        Assert.Equal(0, (await HomeAsync(reviewer, ward)).Review!.Grants.Open);
    }

    [Fact]
    public async Task A_fiscal_year_out_of_range_is_refused_and_a_stranger_gets_404()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("home"));
        var other = await portal.CreateTenantAsync(PortalFactory.NewTenantId("other"));
        var manager = portal.ClientFor(tenant);
        var response = await manager.GetAsync($"/api/t/{tenant.Id}/home?fiscalYear=1800", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/t/{other.Id}/home", Ct)).StatusCode);
    }

    private sealed record FiguresDto(decimal GroupHomeShare);

    private sealed record ProgressYearDto(int FiscalYear, FiguresDto? Target, FiguresDto? Planned, FiguresDto? Actual);

    private sealed record WardProgressDto(List<ProgressYearDto> Years);
}
