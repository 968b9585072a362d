using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Plans;

/// <summary>
/// One facility's planned figures at one 年度末, in the shape of seed 003's plan table: main-building units with
/// 定員 ≥ 6 and 4–5 and the main capacity, group homes with 定員 ≥ 6 and 4–5 and their capacity.
/// </summary>
public sealed record PlannedFigures(
    int MainUnitsSixOrMore, int MainUnitsFourToFive, int MainCapacity, int GroupHomesSixOrMore, int GroupHomesFourToFive, int GroupHomeCapacity)
{
    public int GroupHomeCount => GroupHomesSixOrMore + GroupHomesFourToFive;

    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);

    public CapacityIndicators AsIndicators() =>
        new(MainUnitsSixOrMore, MainUnitsFourToFive, MainCapacity, GroupHomesSixOrMore, GroupHomesFourToFive, GroupHomeCount, GroupHomeCapacity);
}

/// A facility's plan for one fiscal year (年度末 figures) and its planned steps (主な取組み), in words.
public sealed record PlanYear(Guid FacilityId, int FiscalYear, PlannedFigures Figures, string? Steps = null);

/// The plan of one facility for one fiscal year was set (or corrected: the latest event wins).
public sealed record PlanYearSet(Guid FacilityId, int FiscalYear, PlannedFigures Figures, string? Steps);

/// A fiscal year was taken out of a facility's plan.
public sealed record PlanYearRemoved(Guid FacilityId, int FiscalYear);

/// A facility's whole plan was replaced by an imported sheet.
public sealed record PlanImported(Guid FacilityId, IReadOnlyList<PlanYear> Years, string FileName);

/// <summary>
/// The corporation's decentralization plan (小規模かつ地域分散化計画): every facility's plan years. One stream per
/// tenant (each tenant has its own database, so the fixed id never meets another corporation's plan).
/// </summary>
public sealed record DecentralizationPlan(Guid Id, IReadOnlyList<PlanYear> Years)
{
    public static readonly Guid StreamId = new("5a1d0000-0000-4000-8000-00000000b1a2");

    public long Version { get; set; }

    /// Planned steps (主な取組み as data) per facility and fiscal year.
    public IReadOnlyList<PlanStepYear> StepYears { get; init; } = [];

    public static DecentralizationPlan Empty => new(StreamId, []);

    public IReadOnlyList<PlanStepYear> StepsOf(Guid facilityId) => [.. StepYears.Where(y => y.FacilityId == facilityId).OrderBy(y => y.FiscalYear)];

    public DecentralizationPlan Apply(PlanStepsSet e) => this with
    {
        StepYears = [.. StepYears.Where(y => !(y.FacilityId == e.FacilityId && y.FiscalYear == e.FiscalYear)),
            .. e.Steps.Count > 0 ? [new PlanStepYear(e.FacilityId, e.FiscalYear, e.Steps)] : Array.Empty<PlanStepYear>()],
    };

    public IReadOnlyList<PlanYear> Of(Guid facilityId) => [.. Years.Where(y => y.FacilityId == facilityId).OrderBy(y => y.FiscalYear)];

    public PlanYear? Find(Guid facilityId, int fiscalYear) => Years.FirstOrDefault(y => y.FacilityId == facilityId && y.FiscalYear == fiscalYear);

    public DecentralizationPlan Apply(PlanYearSet e) => this with
    {
        Years = [.. Years.Where(y => !(y.FacilityId == e.FacilityId && y.FiscalYear == e.FiscalYear)), new PlanYear(e.FacilityId, e.FiscalYear, e.Figures, e.Steps)],
    };

    public DecentralizationPlan Apply(PlanYearRemoved e) =>
        this with { Years = [.. Years.Where(y => !(y.FacilityId == e.FacilityId && y.FiscalYear == e.FiscalYear))] };

    public DecentralizationPlan Apply(PlanImported e) => this with { Years = [.. Years.Where(y => y.FacilityId != e.FacilityId), .. e.Years] };
}

public sealed class DecentralizationPlanProjection : SingleStreamProjection<DecentralizationPlan, Guid>
{
    public static DecentralizationPlan Create(PlanYearSet e) => DecentralizationPlan.Empty.Apply(e);

    public static DecentralizationPlan Create(PlanImported e) => DecentralizationPlan.Empty.Apply(e);

    public static DecentralizationPlan Create(PlanStepsSet e) => DecentralizationPlan.Empty.Apply(e);

    public static DecentralizationPlan Apply(PlanStepsSet e, DecentralizationPlan current) => current.Apply(e);

    public static DecentralizationPlan Apply(PlanYearSet e, DecentralizationPlan current) => current.Apply(e);

    public static DecentralizationPlan Apply(PlanYearRemoved e, DecentralizationPlan current) => current.Apply(e);

    public static DecentralizationPlan Apply(PlanImported e, DecentralizationPlan current) => current.Apply(e);
}
