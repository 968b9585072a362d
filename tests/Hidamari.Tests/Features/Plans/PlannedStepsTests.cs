using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using JasperFx.Events;

namespace Hidamari.Tests.Features.Plans;

/// Seed 003's 主な取組み as data: the steps alone reproduce the year-end figures of the plan table.
[Trait("Category", "Plans")]
public sealed class PlannedStepsTests
{
    private static readonly Guid F = Guid.NewGuid();
    private static readonly DateOnly Start = new(2021, 9, 30);

    /// 東京育成園 at 令和3年度末 as recorded: units 6,6,6,6,7; GH 4,6,6,6.
    private static FacilityHistory IkuseienAtReiwa3End()
    {
        var unit5 = Guid.NewGuid();
        var gh1 = Guid.NewGuid();
        List<IFacilityEvent> events = [new FacilityRegistered(F, FacilityKind.ChildrensHome, "東京育成園", "x", 29, Start)];
        events.AddRange(Enumerable.Range(1, 4).Select(i => (IFacilityEvent)new LivingUnitAdded(F, Guid.NewGuid(), $"U{i}", 6, Start)));
        events.Add(new LivingUnitAdded(F, unit5, "U5", 5, Start));
        events.Add(new GroupHomeOpened(F, gh1, GroupHomeKind.RegionalSmallScale, "GH1", 6, Start));
        events.AddRange(Enumerable.Range(2, 3).Select(i => (IFacilityEvent)new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, $"GH{i}", 6, Start)));
        events.Add(new LivingUnitCapacityChanged(F, unit5, 5, 7, new(2022, 2, 1)));
        events.Add(new GroupHomeCapacityChanged(F, gh1, 6, 4, new(2022, 2, 1)));
        return FacilityHistory.Of(events.Select((e, i) => (IEvent)new Event<IFacilityEvent>(e) { Sequence = i + 1, Version = i + 1 }));
    }

    private static readonly PlanStepYear[] Steps =
    [
        // 令和4年度: 前年度定員6人のGH3か所を定員4人に引き下げる; 新たに定員4人のGHを2か所設置する.
        new(F, 2022, [new PlannedStep(StepKind.ChangeGroupHomeCapacity, 3, 4, From: 6), new PlannedStep(StepKind.OpenGroupHomes, 2, 4)]),
        // 令和6年度: 新たに定員4人のGHを3か所設置する; main down to 3 × 6 (units of 7 and 6 closed).
        new(F, 2024, [new PlannedStep(StepKind.OpenGroupHomes, 3, 4), new PlannedStep(StepKind.CloseUnits, 1, 7), new PlannedStep(StepKind.CloseUnits, 1, 6)]),
    ];

    [Fact]
    public void The_seed_steps_from_the_Reiwa_3_state_give_the_plan_table()
    {
        var history = IkuseienAtReiwa3End();

        var result = StepProjection.Project(history.Find(F, new DateOnly(2022, 3, 31)), Steps);

        Assert.Empty(result.Impossible);
        Assert.Equal(new PlannedFigures(5, 0, 31, 0, 6, 24), result.Figures[2022]);
        Assert.Equal(new PlannedFigures(5, 0, 31, 0, 6, 24), result.Figures[2023]);
        Assert.Equal(new PlannedFigures(3, 0, 18, 0, 9, 36), result.Figures[2024]);
        Assert.Equal([55, 55, 54], result.Figures.OrderBy(x => x.Key).Select(x => x.Value.TotalCapacity));
    }

    [Fact]
    public void A_step_naming_places_that_are_not_there_is_reported()
    {
        var result = StepProjection.Project(IkuseienAtReiwa3End().Find(F, new DateOnly(2022, 3, 31)),
            [new PlanStepYear(F, 2022, [new PlannedStep(StepKind.ChangeGroupHomeCapacity, 4, 4, From: 6)])]);

        Assert.Equal([(2022, new PlannedStep(StepKind.ChangeGroupHomeCapacity, 4, 4, 6))], result.Impossible);
    }

    [Fact]
    public void Years_without_entered_figures_are_compared_using_the_steps()
    {
        var plan = DecentralizationPlan.Empty
            .Apply(new PlanYearSet(F, 2021, new PlannedFigures(5, 0, 31, 3, 1, 22), null))
            .Apply(new PlanStepsSet(F, 2022, Steps[0].Steps))
            .Apply(new PlanStepsSet(F, 2024, Steps[1].Steps));

        var years = PlanComparison.Of(plan, IkuseienAtReiwa3End(), 2021, 2024, new DateOnly(2026, 1, 1)).Facilities.Single().Years;

        Assert.Equal([false, true, true, true], years.Select(y => y.PlannedFromSteps));
        Assert.Equal([53, 55, 55, 54], years.Select(y => y.Planned!.TotalCapacity));
        // Nothing was recorded after 令和3年度末, so 令和4年度 on lags the steps.
        Assert.Equal([false, true, true, true], years.Select(y => y.Lagging));
        Assert.Equal(2, years[1].PlannedSteps.Count);
    }
}
