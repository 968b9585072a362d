using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.Comparing;
using JasperFx.Events;

namespace Hidamari.Tests.Features.Plans;

[Trait("Category", "Plans")]
public sealed class PlanComparisonTests
{
    private static readonly Guid F = Guid.NewGuid();
    private static readonly DateOnly Start = new(2021, 9, 30);

    private static FacilityHistory History(params IFacilityEvent[] events) =>
        FacilityHistory.Of(events.Select((e, i) => (IEvent)new Event<IFacilityEvent>(e) { Sequence = i + 1, Version = i + 1 }));

    /// 東京育成園's plan (seed 003) against an actual that opened only one of the two new GH planned for 令和4年度.
    [Fact]
    public void A_year_where_the_actual_misses_the_plan_is_marked_with_the_indicators_that_lag()
    {
        var homes = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        List<IFacilityEvent> events = [new FacilityRegistered(F, FacilityKind.ChildrensHome, "東京育成園", "x", 31, Start)];
        events.AddRange(homes.Select((h, i) => (IFacilityEvent)new GroupHomeOpened(F, h, GroupHomeKind.RegionalSmallScale, $"GH{i}", 6, Start)));
        events.Add(new GroupHomeCapacityChanged(F, homes[0], 6, 4, new(2022, 2, 1)));
        events.AddRange(homes.Skip(1).Select(h => (IFacilityEvent)new GroupHomeCapacityChanged(F, h, 6, 4, new(2022, 10, 1))));
        events.Add(new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "GH5", 4, new(2022, 10, 1)));
        var plan = DecentralizationPlan.Empty
            .Apply(new PlanYearSet(F, 2021, new PlannedFigures(0, 0, 31, 3, 1, 22), null))
            .Apply(new PlanYearSet(F, 2022, new PlannedFigures(0, 0, 31, 0, 6, 24), "新たに定員4人のグループホームを2か所設置する。"))
            .Apply(new PlanYearSet(F, 2024, new PlannedFigures(0, 0, 18, 0, 9, 36), null));

        var comparison = PlanComparison.Of(plan, History([.. events]), 2021, 2025, today: new DateOnly(2025, 6, 1));
        var years = comparison.Facilities.Single().Years;

        Assert.Empty(years[0].Lags);                                   // 令和3年度末: 22 as planned
        Assert.Equal([LagIndicator.GroupHomeCapacity, LagIndicator.GroupHomeCount, LagIndicator.GroupHomeShare], years[1].Lags);
        Assert.Equal((24, 20), (years[1].Planned!.GroupHomeCapacity, years[1].Actual!.GroupHomeCapacity));
        Assert.Null(years[2].Planned);                                 // 令和5年度: not planned
        Assert.Empty(years[2].Lags);
        Assert.Contains(LagIndicator.MainCapacity, years[3].Lags);     // 令和6年度末: main still 31, planned 18
        Assert.Null(years[4].Actual);                                  // 令和7年度末 is after "today"
        Assert.Equal(years.Select(y => y.Lags), comparison.Corporation.Select(y => y.Lags));
        Assert.Equal("新たに定員4人のグループホームを2か所設置する。", years[1].Steps);
    }

    [Fact]
    public void The_corporation_plan_is_the_sum_of_its_facilities_plans()
    {
        var other = Guid.NewGuid();
        var plan = DecentralizationPlan.Empty
            .Apply(new PlanYearSet(F, 2021, new PlannedFigures(5, 0, 31, 3, 1, 22), null))
            .Apply(new PlanYearSet(other, 2021, new PlannedFigures(3, 0, 21, 6, 0, 36), null));
        var history = History(
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "東京育成園", "x", 53, Start),
            new FacilityRegistered(other, FacilityKind.ChildrensHome, "福音寮", "x", 57, Start));

        var corporation = PlanComparison.Of(plan, history, 2021, 2021, new DateOnly(2030, 1, 1)).Corporation.Single();

        // Seed 003 ward total for 令和3年度末: 110 with 58 in group homes (52.7%).
        Assert.Equal(new CapacityIndicators(8, 0, 52, 9, 1, 10, 58), corporation.Planned);
        Assert.Equal(52.7m, corporation.Planned!.GroupHomeShare);
        Assert.Equal(110, corporation.Actual!.TotalCapacity);
    }

    [Fact]
    public void Setting_a_year_again_corrects_it_and_an_import_replaces_only_that_facility()
    {
        var other = Guid.NewGuid();
        var plan = DecentralizationPlan.Empty
            .Apply(new PlanYearSet(F, 2021, new PlannedFigures(5, 0, 31, 3, 1, 22), null))
            .Apply(new PlanYearSet(other, 2021, new PlannedFigures(3, 0, 21, 6, 0, 36), null))
            .Apply(new PlanYearSet(F, 2021, new PlannedFigures(5, 0, 30, 3, 1, 22), "訂正"))
            .Apply(new PlanImported(F, [new PlanYear(F, 2022, new PlannedFigures(5, 0, 31, 0, 6, 24))], "plan.xlsx"));

        Assert.Equal([2022], plan.Of(F).Select(y => y.FiscalYear));
        Assert.Equal(21, plan.Find(other, 2021)!.Figures.MainCapacity);
        Assert.Equal(2, plan.Years.Count);
    }
}
