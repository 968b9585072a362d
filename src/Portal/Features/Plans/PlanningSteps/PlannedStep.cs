using FluentValidation;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Plans.PlanningSteps;

/// What a planned step does (seed 003's 主な取組み, e.g. "新たに定員4人のグループホームを3か所設置する").
public enum StepKind
{
    /// 地域分散化: open <c>Count</c> group homes of <c>Capacity</c>.
    OpenGroupHomes,
    /// 小規模化: lower (or raise) <c>Count</c> group homes of <c>From</c> to <c>Capacity</c>.
    ChangeGroupHomeCapacity,
    /// close <c>Count</c> group homes of <c>Capacity</c>.
    CloseGroupHomes,
    /// add <c>Count</c> main-building units of <c>Capacity</c>.
    OpenUnits,
    /// lower (or raise) <c>Count</c> units of <c>From</c> to <c>Capacity</c>.
    ChangeUnitCapacity,
    /// close <c>Count</c> units of <c>Capacity</c> (their space converted).
    CloseUnits,
}

public sealed record PlannedStep(StepKind Kind, int Count, int Capacity, int? From = null);

/// The planned steps of one facility for one fiscal year were set (replacing any earlier steps for that year).
public sealed record PlanStepsSet(Guid FacilityId, int FiscalYear, IReadOnlyList<PlannedStep> Steps);

public sealed record PlanStepYear(Guid FacilityId, int FiscalYear, IReadOnlyList<PlannedStep> Steps);

public sealed record SetPlanSteps(Guid FacilityId, int FiscalYear, IReadOnlyList<PlannedStep> Steps);

public sealed class SetPlanStepsValidator : AbstractValidator<SetPlanSteps>
{
    public SetPlanStepsValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.FacilityId).NotEmpty().WithMessage(_ => text["Plans.Validation.Facility"]);
        RuleFor(c => c.FiscalYear).InclusiveBetween(Dates.Earliest.Year, Dates.Latest.Year - 1)
            .WithMessage(_ => text["Plans.Validation.FiscalYear", Dates.Earliest.Year, Dates.Latest.Year - 1]);
        RuleFor(c => c.Steps).NotNull().Must(s => s.Count <= 30).WithMessage(_ => text["Plans.Validation.TooManySteps", 30]);
        RuleForEach(c => c.Steps).ChildRules(step =>
        {
            step.RuleFor(s => s.Kind).IsInEnum().WithMessage(_ => text["Plans.Validation.StepKind"]);
            step.RuleFor(s => s.Count).InclusiveBetween(1, 50).WithMessage(_ => text["Plans.Validation.Count", 1, 50]);
            step.RuleFor(s => s.Capacity).InclusiveBetween(1, 50).WithMessage(_ => text["Plans.Validation.Capacity", 1, 50]);
            step.RuleFor(s => s.From).NotNull().When(s => s.Kind is StepKind.ChangeGroupHomeCapacity or StepKind.ChangeUnitCapacity)
                .WithMessage(_ => text["Plans.Validation.StepFrom"]);
        });
    }
}

/// <summary>
/// Turns planned steps into year-end figures: starting from the facility's actual units and group homes at the end
/// of the year before the first step, each year's steps are applied to the capacities one by one. A step that
/// names places that are not there (closing a GH of 6 when none is left) is reported, not guessed.
/// </summary>
public static class StepProjection
{
    public sealed record Result(IReadOnlyDictionary<int, PlannedFigures> Figures, IReadOnlyList<(int FiscalYear, PlannedStep Step)> Impossible);

    public static Result Project(FacilityOverview? start, IReadOnlyList<PlanStepYear> years)
    {
        var units = (start?.Units.Select(u => u.Capacity) ?? []).ToList();
        var homes = (start?.GroupHomes.Select(g => g.Capacity) ?? []).ToList();
        var figures = new Dictionary<int, PlannedFigures>();
        var impossible = new List<(int, PlannedStep)>();
        var ordered = years.OrderBy(y => y.FiscalYear).ToList();
        if (ordered.Count == 0) return new Result(figures, impossible);

        var stepsByYear = ordered.ToDictionary(y => y.FiscalYear, y => y.Steps);
        for (var year = ordered[0].FiscalYear; year <= ordered[^1].FiscalYear; year++)
        {
            foreach (var step in stepsByYear.GetValueOrDefault(year) ?? [])
            {
                var ok = step.Kind switch
                {
                    StepKind.OpenGroupHomes => Add(homes, step.Capacity, step.Count),
                    StepKind.ChangeGroupHomeCapacity => Change(homes, step.From!.Value, step.Capacity, step.Count),
                    StepKind.CloseGroupHomes => Remove(homes, step.Capacity, step.Count),
                    StepKind.OpenUnits => Add(units, step.Capacity, step.Count),
                    StepKind.ChangeUnitCapacity => Change(units, step.From!.Value, step.Capacity, step.Count),
                    StepKind.CloseUnits => Remove(units, step.Capacity, step.Count),
                    _ => false,
                };
                if (!ok) impossible.Add((year, step));
            }
            figures[year] = new PlannedFigures(
                units.Count(c => c >= 6), units.Count(c => c is 4 or 5), units.Count > 0 || start is null ? units.Sum() : start.MainCapacity,
                homes.Count(c => c >= 6), homes.Count(c => c is 4 or 5), homes.Sum());
        }
        return new Result(figures, impossible);
    }

    private static bool Add(List<int> places, int capacity, int count)
    {
        places.AddRange(Enumerable.Repeat(capacity, count));
        return true;
    }

    private static bool Change(List<int> places, int from, int to, int count)
    {
        if (places.Count(c => c == from) < count) return false;
        for (var i = 0; i < count; i++) places[places.IndexOf(from)] = to;
        return true;
    }

    private static bool Remove(List<int> places, int capacity, int count)
    {
        if (places.Count(c => c == capacity) < count) return false;
        for (var i = 0; i < count; i++) places.Remove(capacity);
        return true;
    }
}
