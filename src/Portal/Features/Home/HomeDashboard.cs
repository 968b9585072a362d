using Hidamari.Portal.Features.Facilities;
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

public sealed record ManagerCards(ShareCard Share, NextStepCard NextStep, LeaseDeadlineCard Leases, QualificationCard Qualifications, StaffingGapCard Staffing, SubmissionCard Submissions);

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

public sealed record FinanceCards(ClaimsToPrepareCard Claims, AmountsCard Amounts);

// ---- municipal reviewer / approver ----

public sealed record QueueStatusCount(ReviewStatus Status, int Count);

/// <summary>Submissions by review status; open ones (未確認・確認中) by age.</summary>
public sealed record QueueCard(IReadOnlyList<QueueStatusCount> ByStatus, int Open, int? OldestOpenDays, int OpenWithinWeek, int OpenOverWeek, string Path);

/// <summary>Open submissions received more than <see cref="DueDays"/> days ago.</summary>
public sealed record OverdueCard(int DueDays, int Count, string Path);

/// <summary>The ward's chosen 年度: target, accepted plans and actuals (GH share), and places the plans lack.</summary>
public sealed record WardProgressCard(int FiscalYear, decimal? TargetShare, decimal? PlannedShare, decimal? ActualShare, int Shortfall, bool PlansFallShort, string Path);

public sealed record ReviewCards(QueueCard Queue, OverdueCard Overdue, WardProgressCard Progress);

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
    ClaimQueries claims)
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

        var latest = LatestVersions(await submissions.SentAsync(tenant, ct));
        var submissionCard = new SubmissionCard(
            latest.Count(s => s.Status is SentStatus.Sent or SentStatus.Received or SentStatus.InReview),
            latest.Count(s => s.Status == SentStatus.Returned), $"{t}/submissions");

        return new ManagerCards(share, next, leaseCard, qualifications, staffing, submissionCard);
    }

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
        return new FinanceCards(toPrepare, amounts);
    }

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
        return new ReviewCards(queueCard, overdue, progressCard);
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
