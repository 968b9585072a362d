using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;

namespace Hidamari.Portal.Features.Home;

/// <summary>
/// What the first screen of a tenant shows each person: one section per role they hold (corporation manager and
/// viewer, finance, municipal reviewer and approver) and, for a corporation that has not recorded its basics yet,
/// the onboarding steps. Every figure comes from the feature queries the work pages use, so the cards and the pages
/// never disagree. <see cref="Path"/>s are where the work on a card is done.
/// </summary>
public sealed record HomeDashboard(
    string Tenant, TenantKind Kind, int FiscalYear, string FiscalYearLabel, DateOnly Today,
    ManagerCards? Manager, FinanceCards? Finance, ReviewCards? Review, Onboarding? Onboarding);

// ---- corporation manager (and staff viewer: counts only) ----

/// <summary>GH share (GH定員 / 総定員) at <see cref="AsOf"/> (today, or the 年度末 of a past year) against the plan of the year.</summary>
public sealed record ShareCard(DateOnly AsOf, int GroupHomeCapacity, int TotalCapacity, decimal Share, decimal? PlannedShare, int? PlannedGroupHomeCapacity, int? PlannedTotalCapacity, string Path)
{
    /// Points the actual share lies above (+) or below (−) the plan; null without a plan for the year.
    public decimal? PointsFromPlan => PlannedShare is { } planned ? Share - planned : null;
}

/// <summary>The first planned year from the chosen one on that still has steps, with how many steps.</summary>
public sealed record NextStepCard(int? FiscalYear, string? FiscalYearLabel, int StepCount, string? Steps, string Path);

public sealed record LeaseDeadlineCard(int WindowDays, int Count, int NoticeDeadlines, DateOnly? Next, string Path);

public sealed record QualificationCard(int WindowDays, int Expiring, int Expired, int TrainingDue, string Path);

public sealed record StaffingGapFacility(Guid FacilityId, string Name, decimal GapFte);

/// <summary>Facilities whose mandatory posts are not filled today, with the FTE they lack (配置基準).</summary>
public sealed record StaffingGapCard(int FacilitiesChecked, IReadOnlyList<StaffingGapFacility> Short, string Path)
{
    public decimal TotalGapFte => Short.Sum(s => s.GapFte);
}

/// <summary>The latest version of each submitted document: waiting for the municipality, or returned for correction.</summary>
public sealed record SubmissionCard(int Waiting, int Returned, string Path);

/// <summary>The corporation's grant applications (補助金) that need its action: returned (差し戻し) for correction,
/// drafts not submitted, decided ones awaiting the 実績報告, fixed ones awaiting the 請求; and those with the municipality.</summary>
public sealed record GrantActionCard(int Returned, int Drafts, int ToReport, int ToClaim, int Waiting, string Path)
{
    public int NeedAction => Returned + Drafts + ToReport + ToClaim;
}

public sealed record ManagerCards(ShareCard Share, NextStepCard NextStep, LeaseDeadlineCard Leases, QualificationCard Qualifications, StaffingGapCard Staffing, SubmissionCard Submissions, GrantActionCard Grants);

// ---- finance ----

/// <summary>This month's 措置費 claims: facilities with no claim yet, and drafts not locked.</summary>
public sealed record ClaimsToPrepareCard(DateOnly Month, int Facilities, int Missing, int Drafts, string Path)
{
    public int ToPrepare => Missing + Drafts;
}

/// <summary>The chosen 年度's claims (latest version of each facility-month): all claimed, and the locked (確定) part.</summary>
public sealed record AmountsCard(int FiscalYear, long ClaimedYen, long LockedYen, int Claims, int Locked, string Path)
{
    public long OpenYen => ClaimedYen - LockedYen;
}

/// <summary>An open grant programme of the jurisdiction and its next deadline (申請期限, then 実績報告期限).</summary>
public sealed record GrantDeadline(Guid ProgrammeId, string Key, string Name, int FiscalYear, DateOnly ApplicationDeadline, DateOnly ReportDeadline, DateOnly Next, bool ApplicationOpen);

/// <summary>Open programmes of the corporation's jurisdiction (a deadline still ahead), soonest first, and the
/// corporation's drafts not yet submitted.</summary>
public sealed record GrantDeadlinesCard(IReadOnlyList<GrantDeadline> Programmes, int Drafts, string Path)
{
    public DateOnly? Next => Programmes.Count == 0 ? null : Programmes.Min(p => p.Next);
}

/// <summary>Grant amounts of the corporation's applications under programmes of the chosen 年度 (the programme's
/// fiscal year), as the municipality's steps recorded them: 交付決定額 and 確定額 (cancelled applications left out), the
/// amount of the claims sent (請求額), and 支払額.</summary>
public sealed record GrantAmountsCard(int FiscalYear, int Applications, int Decided, long DecidedYen, long FixedYen, long ClaimedYen, long PaidYen, string Path);

public sealed record FinanceCards(ClaimsToPrepareCard Claims, AmountsCard Amounts, GrantDeadlinesCard GrantDeadlines, GrantAmountsCard GrantAmounts);

// ---- municipal reviewer / approver ----

public sealed record QueueStatusCount(ReviewStatus Status, int Count);

/// <summary>Submissions by review status; open ones (未確認・確認中) by age.</summary>
public sealed record QueueCard(IReadOnlyList<QueueStatusCount> ByStatus, int Open, int? OldestOpenDays, int OpenWithinWeek, int OpenOverWeek, string Path);

/// <summary>Open submissions received more than <see cref="DueDays"/> days ago.</summary>
public sealed record OverdueCard(int DueDays, int Count, string Path);

/// <summary>The ward's chosen 年度: target, accepted plans and actuals (GH share), and places the plans lack.</summary>
public sealed record WardProgressCard(int FiscalYear, decimal? TargetShare, decimal? PlannedShare, decimal? ActualShare, int Shortfall, bool PlansFallShort, string Path);

public sealed record GrantStatusCount(GrantStatus Status, int Count);

/// <summary>Grant cases by status; open ones await the municipality (a document to review, or a claim to pay).</summary>
public sealed record GrantQueueCard(IReadOnlyList<GrantStatusCount> ByStatus, int Open, string Path);

public sealed record GrantBudgetLine(Guid ProgrammeId, string Key, string Name, int FiscalYear, long BudgetYen, long DecidedYen, long FixedYen, long? BudgetLeftYen);

/// <summary>Per programme of the municipality: budget, decided and fixed amounts, and the budget left (the grants' own summary).</summary>
public sealed record GrantBudgetCard(IReadOnlyList<GrantBudgetLine> Programmes, string Path)
{
    public long BudgetLeftYen => Programmes.Sum(p => p.BudgetLeftYen ?? 0);
}

public sealed record ReviewCards(QueueCard Queue, OverdueCard Overdue, WardProgressCard Progress, GrantQueueCard Grants, GrantBudgetCard GrantBudget);

// ---- onboarding ----

public enum OnboardingStep
{
    Facilities,
    GroupHomes,
    Plan,
    Staff,
}

public sealed record OnboardingItem(OnboardingStep Step, bool Done, string Path);

/// <summary>A new corporation's first steps, in order: facilities → group homes → plan → staff.</summary>
public sealed record Onboarding(IReadOnlyList<OnboardingItem> Steps)
{
    public int Done => Steps.Count(s => s.Done);

    public bool Complete => Steps.All(s => s.Done);

    /// The first step not done yet.
    public OnboardingItem? Next => Steps.FirstOrDefault(s => !s.Done);
}

public sealed class HomeQueries(
    FacilityQueries facilities, PlanQueries plans, LeaseQueries leases, StaffQueries staff, SubmissionQueries submissions,
    ClaimQueries claims, GrantQueries grants)
{
    /// <summary>An open submission older than this is overdue on the reviewer's dashboard (a working convention of
    /// the portal; no statutory review period is recorded).</summary>
    public const int ReviewDueDays = 14;

    /// Today in Japan.
    public DateOnly Today => leases.Today;

    public int CurrentFiscalYear => JapaneseDates.FiscalYearOf(Today);

    public async Task<HomeDashboard> DashboardAsync(TenantInfo tenant, IReadOnlyCollection<string> roles, int? fiscalYear, CancellationToken ct)
    {
        var year = fiscalYear ?? CurrentFiscalYear;
        var today = Today;
        var all = roles.Contains(TenantAccess.ApiClientRole);
        bool Has(params string[] r) => all || r.Any(roles.Contains);
        ManagerCards? manager = null;
        FinanceCards? finance = null;
        ReviewCards? review = null;
        Onboarding? onboarding = null;
        if (tenant.Kind == TenantKind.Corporation)
        {
            if (Has(Roles.Manager, Roles.StaffViewer)) manager = await ManagerAsync(tenant, year, today, ct);
            if (Has(Roles.Finance)) finance = await FinanceAsync(tenant, year, today, ct);
            if (Has(Roles.Manager)) onboarding = await OnboardingAsync(tenant, ct);
        }
        else if (Has(Roles.Reviewer, Roles.Approver))
        {
            review = await ReviewAsync(tenant, year, today, ct);
        }
        return new HomeDashboard(tenant.Id, tenant.Kind, year, JapaneseDates.FiscalYearLabel(year), today, manager, finance, review, onboarding);
    }

    public async Task<ManagerCards> ManagerAsync(TenantInfo tenant, int year, DateOnly today, CancellationToken ct)
    {
        var t = $"/t/{tenant.Id}";
        var history = await facilities.HistoryAsync(tenant, ct);
        var plan = await plans.PlanAsync(tenant, ct);

        // Actual today for the current (or a future) year, at the 年度末 for a past one.
        var asOf = JapaneseDates.FiscalYearEnd(year) < today ? JapaneseDates.FiscalYearEnd(year) : today;
        var actual = history.AsOf(asOf).Totals;
        var planned = PlanComparison.Of(plan, history, year, year, today).Corporation[0].Planned;
        var share = new ShareCard(asOf, actual.GroupHomeCapacity, actual.TotalCapacity, actual.GroupHomeShare,
            planned?.GroupHomeShare, planned?.GroupHomeCapacity, planned?.TotalCapacity, $"{t}/plans");

        var stepYears = plan.StepYears.Where(s => s.FiscalYear >= year && s.Steps.Count > 0).Select(s => s.FiscalYear)
            .Concat(plan.Years.Where(y => y.FiscalYear >= year && !string.IsNullOrWhiteSpace(y.Steps)).Select(y => y.FiscalYear))
            .ToList();
        NextStepCard next;
        if (stepYears.Count == 0) next = new NextStepCard(null, null, 0, null, $"{t}/plans");
        else
        {
            var first = stepYears.Min();
            var steps = plan.StepYears.Where(s => s.FiscalYear == first).SelectMany(s => s.Steps).Count();
            var texts = plan.Years.Where(y => y.FiscalYear == first && !string.IsNullOrWhiteSpace(y.Steps)).Select(y => y.Steps!).ToList();
            next = new NextStepCard(first, JapaneseDates.FiscalYearLabel(first), Math.Max(steps, texts.Count),
                texts.Count == 0 ? null : string.Join("\n", texts), $"{t}/plans");
        }

        var dates = await leases.CriticalDatesAsync(tenant, null, LeaseQueries.CardWindowDays, ct);
        var leaseCard = new LeaseDeadlineCard(dates.WindowDays, dates.Dates.Count,
            dates.Dates.Count(d => d.Date.Kind == Leases.CriticalDates.CriticalDateKind.NoticeDeadline),
            dates.Dates.Count == 0 ? null : dates.Dates.Min(d => d.Date.On), $"{t}/leases/calendar");

        var alerts = await staff.AlertsAsync(tenant, null, ct);
        var qualifications = new QualificationCard(alerts.WindowDays, alerts.Count(StaffAlertKind.QualificationExpiring),
            alerts.Count(StaffAlertKind.QualificationExpired),
            alerts.Count(StaffAlertKind.TrainingMissing) + alerts.Count(StaffAlertKind.TrainingRefreshDue), $"{t}/staff");

        var current = history.AsOf(null).Facilities;
        var gaps = new List<StaffingGapFacility>();
        foreach (var facility in current)
        {
            if (await staff.ComplianceAsync(tenant, facility.Id, today, ct) is { } view && !view.Compliance.IsCompliant)
                gaps.Add(new StaffingGapFacility(facility.Id, facility.Name, view.Compliance.MandatoryGap));
        }
        var staffing = new StaffingGapCard(current.Count, gaps, $"{t}/staff/compliance");

        // A grant's documents are followed on the grants card (their review comes back on the application, not here).
        var latest = LatestVersions((await submissions.SentAsync(tenant, ct)).Where(s => !IsGrantDocument(s.Submission.Kind)));
        var submissionCard = new SubmissionCard(
            latest.Count(s => s.Status is SentStatus.Sent or SentStatus.Received or SentStatus.InReview),
            latest.Count(s => s.Status == SentStatus.Returned), $"{t}/submissions");

        var applications = await grants.ApplicationsAsync(tenant, ct);
        var grantCard = new GrantActionCard(
            applications.Count(a => a.Status == GrantStatus.Returned), applications.Count(a => a.Status == GrantStatus.Draft),
            applications.Count(a => a.Status == GrantStatus.Decided), applications.Count(a => a.Status == GrantStatus.Fixed),
            applications.Count(a => a.Status is GrantStatus.Submitted or GrantStatus.InReview or GrantStatus.ChangeRequested or GrantStatus.Reported or GrantStatus.Claimed),
            $"{t}/grants");

        return new ManagerCards(share, next, leaseCard, qualifications, staffing, submissionCard, grantCard);
    }

    public static bool IsGrantDocument(DocumentKind kind) =>
        kind is DocumentKind.GrantApplication or DocumentKind.GrantChangeRequest or DocumentKind.GrantReport or DocumentKind.GrantClaim;

    /// The latest version of each document (a returned version that was resubmitted is no longer work to do).
    public static IReadOnlyList<SentSubmission> LatestVersions(IEnumerable<SentSubmissionView> sent) =>
        [.. sent.Select(s => s.Submission).GroupBy(s => s.Document).Select(g => g.MaxBy(s => s.DocumentVersion)!)];

    public async Task<FinanceCards> FinanceAsync(TenantInfo tenant, int year, DateOnly today, CancellationToken ct)
    {
        var t = $"/t/{tenant.Id}";
        var month = new DateOnly(today.Year, today.Month, 1);
        var current = (await facilities.ListAsync(tenant, ct)).Facilities;
        var thisMonth = (await claims.ListAsync(tenant, JapaneseDates.FiscalYearOf(month), ct))
            .Where(c => c.Latest && c.Month.Year == month.Year && c.Month.Month == month.Month).ToList();
        var missing = current.Count(f => thisMonth.All(c => c.FacilityId != f.Id));
        var drafts = thisMonth.Count(c => !c.Locked && current.Any(f => f.Id == c.FacilityId));
        var toPrepare = new ClaimsToPrepareCard(month, current.Count, missing, drafts, $"{t}/subsidies");

        var yearClaims = (await claims.ListAsync(tenant, year, ct)).Where(c => c.Latest).ToList();
        var amounts = new AmountsCard(year, yearClaims.Sum(c => c.TotalYen), yearClaims.Where(c => c.Locked).Sum(c => c.TotalYen),
            yearClaims.Count, yearClaims.Count(c => c.Locked), $"{t}/subsidies");

        var applications = await grants.ApplicationsAsync(tenant, ct);
        var open = (await grants.ProgrammesAsync(tenant.Jurisdiction, false, ct))
            .Where(p => p.ApplicationDeadline >= today || p.ReportDeadline >= today)
            .Select(p => new GrantDeadline(p.Id, p.Key, p.Name, p.FiscalYear, p.ApplicationDeadline, p.ReportDeadline,
                p.ApplicationDeadline >= today ? p.ApplicationDeadline : p.ReportDeadline, p.ApplicationDeadline >= today))
            .OrderBy(d => d.Next).ToList();
        var deadlines = new GrantDeadlinesCard(open, applications.Count(a => a.Status == GrantStatus.Draft), $"{t}/grants");
        var ofYear = applications.Where(a => a.Programme.FiscalYear == year).ToList();
        var live = ofYear.Where(a => a.Status != GrantStatus.Cancelled).ToList();
        var grantAmounts = new GrantAmountsCard(year,
            ofYear.Count(a => a.Status != GrantStatus.Draft), live.Count(a => a.Decided is not null),
            live.Sum(a => a.Decided?.GrantYen ?? 0), live.Sum(a => a.Fixed?.GrantYen ?? 0), live.Sum(ClaimedYen), ofYear.Sum(a => a.PaidYen),
            $"{t}/grants");
        return new FinanceCards(toPrepare, amounts, deadlines, grantAmounts);
    }

    /// The amount of the last claim (請求) the corporation sent for an application, as the claim document carried it.
    public static long ClaimedYen(GrantApplication a) =>
        a.Timeline.LastOrDefault(t => t.What == $"Sent.{DocumentKind.GrantClaim}")?.Yen ?? 0;

    public async Task<ReviewCards> ReviewAsync(TenantInfo municipality, int year, DateOnly today, CancellationToken ct)
    {
        var t = $"/t/{municipality.Id}";
        var queue = await submissions.QueueAsync(municipality, null, ct);
        var open = queue.Where(s => !s.IsDecided).ToList();
        int Age(ReceivedSubmission s) => today.DayNumber - DateOnly.FromDateTime(s.ReceivedAt.ToOffset(TimeSpan.FromHours(9)).DateTime).DayNumber;
        var byStatus = Enum.GetValues<ReviewStatus>().Select(s => new QueueStatusCount(s, queue.Count(q => q.Status == s))).ToList();
        var queueCard = new QueueCard(byStatus, open.Count, open.Count == 0 ? null : open.Max(Age),
            open.Count(s => Age(s) <= 7), open.Count(s => Age(s) > 7), $"{t}/review");
        var overdue = new OverdueCard(ReviewDueDays, open.Count(s => Age(s) > ReviewDueDays), $"{t}/review");

        var progress = await submissions.ProgressAsync(municipality, ct);
        var y = progress.Years.FirstOrDefault(p => p.FiscalYear == year);
        var progressCard = new WardProgressCard(year, y?.Target?.GroupHomeShare, y?.Planned?.GroupHomeShare, y?.Actual?.GroupHomeShare,
            y?.Shortfall ?? 0, y?.PlansFallShort ?? false, $"{t}/progress");

        var cases = await grants.CasesAsync(municipality, null, ct);
        var grantQueue = new GrantQueueCard(
            [.. Enum.GetValues<GrantStatus>().Where(s => s != GrantStatus.Draft).Select(s => new GrantStatusCount(s, cases.Count(c => c.Status == s)))],
            cases.Count(c => c.Pending is not null || c.Status == GrantStatus.Claimed), $"{t}/grants");
        var budget = new GrantBudgetCard(
            [.. (await grants.SummariesAsync(municipality, ct)).Select(s => new GrantBudgetLine(s.Programme.Id, s.Programme.Key, s.Programme.Name,
                s.Programme.FiscalYear, s.Programme.BudgetYen, s.DecidedYen, s.FixedYen, s.BudgetLeftYen))],
            $"{t}/grants");
        return new ReviewCards(queueCard, overdue, progressCard, grantQueue, budget);
    }

    public async Task<Onboarding> OnboardingAsync(TenantInfo tenant, CancellationToken ct)
    {
        var t = $"/t/{tenant.Id}";
        var list = (await facilities.ListAsync(tenant, ct)).Facilities;
        var plan = await plans.PlanAsync(tenant, ct);
        var people = await staff.AllAsync(tenant, ct);
        return new Onboarding(
        [
            new(OnboardingStep.Facilities, list.Count > 0, $"{t}/facilities"),
            new(OnboardingStep.GroupHomes, list.Any(f => f.GroupHomeCount > 0), $"{t}/facilities"),
            new(OnboardingStep.Plan, plan.Years.Count > 0 || plan.StepYears.Any(s => s.Steps.Count > 0), $"{t}/plans"),
            new(OnboardingStep.Staff, people.Count > 0, $"{t}/staff"),
        ]);
    }
}
