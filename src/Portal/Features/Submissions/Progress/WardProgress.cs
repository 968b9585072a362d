using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Submissions.Progress;

public sealed record Figures(int TotalCapacity, int GroupHomeCapacity)
{
    public decimal GroupHomeShare => Facilities.CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);

    public static Figures Of(LineFigures f) => new(f.TotalCapacity, f.GroupHomeCapacity);

    public static Figures? Sum(IEnumerable<Figures?> parts)
    {
        var list = parts.OfType<Figures>().ToList();
        return list.Count == 0 ? null : new(list.Sum(p => p.TotalCapacity), list.Sum(p => p.GroupHomeCapacity));
    }
}

/// Planned (or actual) against target: places (negative = short of the target) and points of GH share.
public sealed record Gap(int TotalPlaces, int GroupHomePlaces, decimal SharePoints)
{
    public static Gap? Of(Figures? figures, TargetYear? target) => figures is null || target is null ? null
        : new(figures.TotalCapacity - target.TotalCapacity, figures.GroupHomeCapacity - target.GroupHomeCapacity,
            figures.GroupHomeShare - target.GroupHomeShare);
}

public sealed record CorporationYear(string Corporation, string Name, Figures? Planned, Figures? Actual);

/// <summary>
/// One fiscal year of the ward: its target, the sum of the corporations' accepted plans and actuals, the gaps, and a
/// flag where the plans fall short of the target in total places or in GH places (seed 003: 令和6年度, 111 vs 113).
/// </summary>
public sealed record ProgressYear(
    int FiscalYear, string FiscalYearLabel, TargetYear? Target, Figures? Planned, Figures? Actual,
    Gap? PlannedGap, Gap? ActualGap, IReadOnlyList<CorporationYear> Corporations)
{
    public bool PlansFallShort => PlannedGap is { } g && (g.TotalPlaces < 0 || g.GroupHomePlaces < 0);

    /// Places the plans lack to reach the target's total capacity (0 when they reach it).
    public int Shortfall => PlannedGap is { TotalPlaces: < 0 } g ? -g.TotalPlaces : 0;
}

public sealed record WardProgress(IReadOnlyList<ProgressYear> Years, int AcceptedSubmissions)
{
    /// <summary>
    /// Builds the ward's progress from accepted submissions only: per corporation the latest accepted plan, and per
    /// corporation and fiscal year the latest accepted year-end actuals. Pure: the municipality's own read models in.
    /// </summary>
    public static WardProgress Of(PlanTargets targets, IReadOnlyList<ReceivedSubmission> submissions) =>
        Of(targets, [.. submissions.Select(ProgressEntry.Of)]);

    public static WardProgress Of(PlanTargets targets, IReadOnlyList<ProgressEntry> submissions)
    {
        var accepted = submissions.Where(s => s.Status == ReviewStatus.Accepted).ToList();
        // Looked up per corporation and year below: dictionaries, so that 500 corporations × their years stay linear.
        var plans = accepted.Where(s => s.Kind == DocumentKind.DecentralizationPlan)
            .GroupBy(s => s.Corporation)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.DocumentVersion)!.Totals.GroupBy(l => l.FiscalYear).ToDictionary(l => l.Key, l => l.First()), StringComparer.Ordinal);
        var actuals = accepted.Where(s => s.Kind == DocumentKind.YearEndActuals && s.FiscalYear is not null)
            .GroupBy(s => (s.Corporation, FiscalYear: s.FiscalYear!.Value))
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.DocumentVersion)!);
        var corporations = accepted.GroupBy(s => s.Corporation).Select(g => (Id: g.Key, Name: g.MaxBy(s => s.ReceivedAt)!.CorporationName))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

        var years = targets.Years.Select(t => t.FiscalYear)
            .Concat(plans.Values.SelectMany(p => p.Keys))
            .Concat(actuals.Keys.Select(a => a.FiscalYear))
            .Distinct().Order().ToList();

        var result = years.Select(y =>
        {
            var perCorporation = corporations.Select(c => new CorporationYear(c.Id, c.Name,
                plans.TryGetValue(c.Id, out var plan) && plan.TryGetValue(y, out var pl) ? Figures.Of(pl.Figures) : null,
                actuals.TryGetValue((c.Id, y), out var actual) && actual.Totals.FirstOrDefault() is { } al ? Figures.Of(al.Figures) : null))
                .ToList();
            var target = targets.Years.FirstOrDefault(t => t.FiscalYear == y);
            var planned = Figures.Sum(perCorporation.Select(c => c.Planned));
            var actualSum = Figures.Sum(perCorporation.Select(c => c.Actual));
            return new ProgressYear(y, JapaneseDates.FiscalYearLabel(y), target, planned, actualSum, Gap.Of(planned, target), Gap.Of(actualSum, target), perCorporation);
        }).ToList();
        return new WardProgress(result, accepted.Count);
    }
}
