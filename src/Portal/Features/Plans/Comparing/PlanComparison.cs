using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Plans.Comparing;

/// The indicators an actual can lag the plan on, in the direction of 小規模化・地域分散化.
public enum LagIndicator
{
    /// more main-building places than planned
    MainCapacity,
    /// fewer group-home places than planned
    GroupHomeCapacity,
    /// fewer group homes than planned
    GroupHomeCount,
    /// more group homes of 6 or more than planned (not yet made smaller)
    GroupHomesSixOrMore,
    /// a lower GH share than planned
    GroupHomeShare,
}

/// <summary>
/// One fiscal year of plan against actual: the planned figures (null when the year is not planned) and the actual
/// indicators at the 年度末 (null while that date is still ahead), with the indicators where actual lags.
/// </summary>
public sealed record YearComparison(int FiscalYear, string FiscalYearLabel, DateOnly YearEnd, CapacityIndicators? Planned, CapacityIndicators? Actual, string? Steps)
{
    /// The planned steps of this year, as data.
    public IReadOnlyList<PlannedStep> PlannedSteps { get; init; } = [];

    /// True when the planned figures were worked out from the steps (no figures were entered for the year).
    public bool PlannedFromSteps { get; init; }

    /// Steps that name places the facility would not have by then (e.g. lowering a GH of 6 when none is left).
    public IReadOnlyList<PlannedStep> ImpossibleSteps { get; init; } = [];

    public IReadOnlyList<LagIndicator> Lags { get; init; } = [];

    public bool Lagging => Lags.Count > 0;

    public static IReadOnlyList<LagIndicator> LagsOf(CapacityIndicators? planned, CapacityIndicators? actual)
    {
        if (planned is null || actual is null) return [];
        var lags = new List<LagIndicator>();
        if (actual.MainCapacity > planned.MainCapacity) lags.Add(LagIndicator.MainCapacity);
        if (actual.GroupHomeCapacity < planned.GroupHomeCapacity) lags.Add(LagIndicator.GroupHomeCapacity);
        if (actual.GroupHomeCount < planned.GroupHomeCount) lags.Add(LagIndicator.GroupHomeCount);
        if (actual.GroupHomesSixOrMore > planned.GroupHomesSixOrMore) lags.Add(LagIndicator.GroupHomesSixOrMore);
        if (actual.GroupHomeShare < planned.GroupHomeShare) lags.Add(LagIndicator.GroupHomeShare);
        return lags;
    }
}

public sealed record FacilityComparison(Guid FacilityId, string Name, IReadOnlyList<YearComparison> Years);

/// Plan against actual for every facility and for the corporation (the sum of the facilities), year by year.
public sealed record PlanComparison(int FromFiscalYear, int ToFiscalYear, IReadOnlyList<FacilityComparison> Facilities, IReadOnlyList<YearComparison> Corporation)
{
    /// <summary>
    /// Compares <paramref name="plan"/> with the actual replayed from <paramref name="history"/> at each 年度末 from
    /// <paramref name="from"/> to <paramref name="to"/>; year ends after <paramref name="today"/> have no actual yet.
    /// The corporation's plan for a year is the sum of the facilities that planned it.
    /// </summary>
    public static PlanComparison Of(DecentralizationPlan plan, FacilityHistory history, int from, int to, DateOnly today)
    {
        var latest = history.AsOf(null).Facilities;
        var years = Enumerable.Range(from, to - from + 1).ToList();
        var actualAt = years.ToDictionary(y => y, y => JapaneseDates.FiscalYearEnd(y) <= today ? history.AsOf(JapaneseDates.FiscalYearEnd(y)) : null);

        var facilities = latest.Select(f =>
        {
            var stepYears = plan.StepsOf(f.Id);
            var projected = stepYears.Count == 0
                ? new StepProjection.Result(new Dictionary<int, PlannedFigures>(), [])
                : StepProjection.Project(history.Find(f.Id, JapaneseDates.FiscalYearEnd(stepYears[0].FiscalYear - 1)), stepYears);
            return new FacilityComparison(f.Id, f.Name, [.. years.Select(y =>
            {
                var planned = plan.Find(f.Id, y);
                var fromSteps = planned is null && projected.Figures.TryGetValue(y, out var derived) ? derived : null;
                var actual = actualAt[y] is { } list
                    ? list.Facilities.FirstOrDefault(a => a.Id == f.Id) is { } a ? CapacityIndicators.Of(a) : CapacityIndicators.Zero
                    : null;
                return Year(y, (planned?.Figures ?? fromSteps)?.AsIndicators(), actual, planned?.Steps) with
                {
                    PlannedSteps = stepYears.FirstOrDefault(s => s.FiscalYear == y)?.Steps ?? [],
                    PlannedFromSteps = fromSteps is not null,
                    ImpossibleSteps = [.. projected.Impossible.Where(i => i.FiscalYear == y).Select(i => i.Step)],
                };
            })]);
        }).ToList();

        var corporation = years.Select((y, i) =>
        {
            var planned = facilities.Select(f => f.Years[i].Planned).OfType<CapacityIndicators>().ToList();
            var actual = actualAt[y] is { } list ? CapacityIndicators.Sum(list.Facilities.Select(CapacityIndicators.Of)) : null;
            // The corporation's steps are its facilities' steps (named when there are several facilities).
            var texts = facilities.Where(f => f.Years[i].Steps is not null)
                .Select(f => facilities.Count > 1 ? $"{f.Name}: {f.Years[i].Steps}" : f.Years[i].Steps!).ToList();
            return Year(y, planned.Count == 0 ? null : CapacityIndicators.Sum(planned), actual, texts.Count == 0 ? null : string.Join("\n", texts)) with
            {
                PlannedSteps = [.. facilities.SelectMany(f => f.Years[i].PlannedSteps)],
                ImpossibleSteps = [.. facilities.SelectMany(f => f.Years[i].ImpossibleSteps)],
            };
        }).ToList();

        return new PlanComparison(from, to, facilities, corporation);
    }

    private static YearComparison Year(int fiscalYear, CapacityIndicators? planned, CapacityIndicators? actual, string? steps) =>
        new(fiscalYear, JapaneseDates.FiscalYearLabel(fiscalYear), JapaneseDates.FiscalYearEnd(fiscalYear), planned, actual, steps)
        {
            Lags = YearComparison.LagsOf(planned, actual),
        };
}
