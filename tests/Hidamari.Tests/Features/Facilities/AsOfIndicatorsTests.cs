using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Tests.Features.Facilities;

/// Replaying dated events to a date: the indicators of seed 003 at each 年度末, fiscal-year boundaries, the 令和 era start.
[Trait("Category", "Facilities")]
public sealed class AsOfIndicatorsTests
{
    private static readonly Guid F = Guid.NewGuid();
    private static readonly DateOnly Sept2021 = new(2021, 9, 30);

    /// 福音寮 as seed 003 describes it: main 3 × 7, GH 6 × 6 in September 2021; in 令和5年度 units 7 → 6, one GH 6 → 5, a new GH of 4.
    private static List<IFacilityEvent> Fukuinryo(out Guid[] units, out Guid[] homes)
    {
        units = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        homes = [.. Enumerable.Range(0, 6).Select(_ => Guid.NewGuid())];
        List<IFacilityEvent> events = [new FacilityRegistered(F, FacilityKind.ChildrensHome, "福音寮", "世田谷区", 21, Sept2021)];
        events.AddRange(units.Select((u, i) => (IFacilityEvent)new LivingUnitAdded(F, u, $"U{i + 1}", 7, Sept2021)));
        events.AddRange(homes.Select((h, i) => (IFacilityEvent)new GroupHomeOpened(F, h, GroupHomeKind.RegionalSmallScale, $"GH{i + 1}", 6, Sept2021)));
        events.AddRange(units.Select(u => (IFacilityEvent)new LivingUnitCapacityChanged(F, u, 7, 6, new(2023, 4, 1))));
        events.Add(new GroupHomeCapacityChanged(F, homes[0], 6, 5, new(2023, 4, 1)));
        events.Add(new GroupHomeOpened(F, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "GH7", 4, new(2023, 10, 1)));
        return events;
    }

    private static CapacityIndicators At(IReadOnlyList<IFacilityEvent> events, DateOnly asOf) =>
        CapacityIndicators.Of(FacilityOverview.Replay(events, asOf)!);

    [Theory]
    // 年度末 令和3–6: main units ≥6 / capacity, GH ≥6 / 4–5 / capacity, total (DOMAIN.md).
    [InlineData(2021, 3, 21, 6, 0, 36, 57)]
    [InlineData(2022, 3, 21, 6, 0, 36, 57)]
    [InlineData(2023, 3, 18, 5, 2, 39, 57)]
    [InlineData(2024, 3, 18, 5, 2, 39, 57)]
    public void Fukuinryo_at_each_fiscal_year_end_matches_seed_003(
        int fiscalYear, int unitsSixOrMore, int main, int ghSixOrMore, int ghFourToFive, int ghCapacity, int total)
    {
        var figures = At(Fukuinryo(out _, out _), JapaneseDates.FiscalYearEnd(fiscalYear));

        Assert.Equal((unitsSixOrMore, 0, main), (figures.MainUnitsSixOrMore, figures.MainUnitsFourToFive, figures.MainCapacity));
        Assert.Equal((ghSixOrMore, ghFourToFive, ghCapacity), (figures.GroupHomesSixOrMore, figures.GroupHomesFourToFive, figures.GroupHomeCapacity));
        Assert.Equal(total, figures.TotalCapacity);
    }

    [Fact]
    public void A_change_effective_on_1_April_belongs_to_the_new_fiscal_year_only()
    {
        var events = Fukuinryo(out _, out _);

        Assert.Equal(21, At(events, new DateOnly(2023, 3, 31)).MainCapacity); // 令和4年度末
        Assert.Equal(18, At(events, new DateOnly(2023, 4, 1)).MainCapacity);  // first day of 令和5年度
        Assert.Equal(35, At(events, new DateOnly(2023, 9, 30)).GroupHomeCapacity); // GH1 lowered to 5, GH7 not yet open
        Assert.Equal(6, At(events, new DateOnly(2023, 9, 30)).GroupHomeCount);
        Assert.Equal(7, At(events, new DateOnly(2023, 10, 1)).GroupHomeCount);
    }

    [Fact]
    public void Before_its_registration_a_facility_does_not_exist_and_units_replace_the_registered_main_capacity()
    {
        List<IFacilityEvent> events =
        [
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "X", "x", 40, new(2019, 4, 1)),
            new LivingUnitAdded(F, Guid.NewGuid(), "U1", 8, new(2019, 6, 1)),
        ];

        Assert.Null(FacilityOverview.Replay(events, new DateOnly(2019, 3, 31)));
        Assert.Equal(40, At(events, new DateOnly(2019, 5, 31)).MainCapacity);
        Assert.Equal(8, At(events, new DateOnly(2019, 6, 1)).MainCapacity);
        Assert.Equal(8, FacilityOverview.Replay(events, null)!.MainCapacity);
    }

    [Fact]
    public void Around_the_Reiwa_era_start_the_fiscal_year_is_Reiwa_gannen_and_its_year_end_sees_changes_from_either_era()
    {
        var home = Guid.NewGuid();
        List<IFacilityEvent> events =
        [
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "X", "x", 30, new(2018, 4, 1)),
            new GroupHomeOpened(F, home, GroupHomeKind.RegionalSmallScale, "GH", 6, new(2019, 4, 30)),  // 平成31年4月30日
            new GroupHomeCapacityChanged(F, home, 6, 4, new(2019, 5, 1)),                               // 令和元年5月1日
        ];

        Assert.Equal("令和元年度", JapaneseDates.FiscalYearLabel(JapaneseDates.FiscalYearOf(new DateOnly(2019, 4, 30))));
        Assert.Equal("平成30年度", JapaneseDates.FiscalYearLabel(2018));
        Assert.Equal(0, At(events, JapaneseDates.FiscalYearEnd(2018)).GroupHomeCount);
        Assert.Equal(6, At(events, new DateOnly(2019, 4, 30)).GroupHomeCapacity);
        Assert.Equal(4, At(events, JapaneseDates.FiscalYearEnd(2019)).GroupHomeCapacity);
    }

    [Fact]
    public void A_correction_recorded_later_but_effective_earlier_is_replayed_at_its_effective_date()
    {
        var home = Guid.NewGuid();
        List<IFacilityEvent> events =
        [
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "X", "x", 20, new(2021, 4, 1)),
            new GroupHomeOpened(F, home, GroupHomeKind.RegionalSmallScale, "GH", 6, new(2021, 4, 1)),
            new GroupHomeCapacityChanged(F, home, 6, 4, new(2022, 10, 1)),
            // Recorded afterwards: the home had in fact been lowered to 5 in the previous fiscal year.
            new GroupHomeCapacityChanged(F, home, 6, 5, new(2022, 1, 1)),
        ];

        Assert.Equal(5, At(events, JapaneseDates.FiscalYearEnd(2021)).GroupHomeCapacity);
        Assert.Equal(4, At(events, JapaneseDates.FiscalYearEnd(2022)).GroupHomeCapacity);
        Assert.Equal(4, FacilityOverview.Replay(events, null)!.GroupHomeCapacity);
    }

    [Fact]
    public void Closed_units_and_group_homes_leave_the_capacity_and_converted_space_is_kept()
    {
        var unit = Guid.NewGuid();
        var home = Guid.NewGuid();
        List<IFacilityEvent> events =
        [
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "X", "x", 13, new(2021, 4, 1)),
            new LivingUnitAdded(F, unit, "U1", 7, new(2021, 4, 1)),
            new LivingUnitAdded(F, Guid.NewGuid(), "U2", 6, new(2021, 4, 1)),
            new GroupHomeOpened(F, home, GroupHomeKind.SatelliteSmallGroupCare, "GH", 6, new(2021, 4, 1)),
            new LivingUnitClosed(F, unit, new(2024, 10, 1), MainSpaceFunction.TemporaryProtection),
            new GroupHomeClosed(F, home, new(2024, 12, 1)),
        ];

        var before = FacilityOverview.Replay(events, new DateOnly(2024, 9, 30))!;
        var after = FacilityOverview.Replay(events, JapaneseDates.FiscalYearEnd(2024))!;

        Assert.Equal((13, 6, 19), (before.MainCapacity, before.GroupHomeCapacity, before.TotalCapacity));
        Assert.Equal((6, 0, 6), (after.MainCapacity, after.GroupHomeCapacity, after.TotalCapacity));
        Assert.Equal([new ConvertedSpace(unit, "U1", MainSpaceFunction.TemporaryProtection, new(2024, 10, 1))], after.ConvertedSpaces);
    }

    [Fact]
    public void Residents_give_occupancy_and_the_individual_care_share()
    {
        List<IFacilityEvent> events =
        [
            new FacilityRegistered(F, FacilityKind.ChildrensHome, "X", "x", 110, new(2021, 3, 1)),
            // Seed 003: 85 placed children, 49 need individual care (57.6%).
            new ResidentsCounted(F, new(2021, 3, 1), new ResidentCounts(8, 0, 7, 70, 49)),
            new ResidentsCounted(F, new(2021, 9, 1), new ResidentCounts(0, 1, 10, 84, 50)),
        ];

        var march = At(events, new DateOnly(2021, 3, 31));
        var september = At(events, new DateOnly(2021, 9, 30));

        Assert.Equal((85, 49, 57.6m, 77.3m), (march.Residents, march.NeedsIndividualCare, march.IndividualCareShare, march.Occupancy));
        Assert.Equal(95, september.Residents);
        Assert.Null(CapacityIndicators.Of(FacilityOverview.Replay(events[..1], null)!).Occupancy);
    }

    [Fact]
    public void Units_and_group_homes_count_by_size_band_and_corporations_sum_their_facilities()
    {
        var a = new CapacityIndicators(5, 0, 31, 3, 1, 4, 22);
        var b = new CapacityIndicators(3, 0, 21, 6, 0, 6, 36);

        var sum = CapacityIndicators.Sum([a, b]);

        // Seed 003 令和3年度末, both corporations: 8 units, 52 main, GH 9 + 1, 58 → 52.7% of 110.
        Assert.Equal(new CapacityIndicators(8, 0, 52, 9, 1, 10, 58), sum);
        Assert.Equal((110, 52.7m), (sum.TotalCapacity, sum.GroupHomeShare));
        Assert.True(CapacityIndicators.IsSixOrMore(7) && CapacityIndicators.IsFourToFive(4) && !CapacityIndicators.IsFourToFive(3));
    }
}
