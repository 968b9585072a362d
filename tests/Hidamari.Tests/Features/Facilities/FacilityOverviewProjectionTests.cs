using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;

namespace Hidamari.Tests.Features.Facilities;

[Trait("Category", "Facilities")]
public sealed class FacilityOverviewProjectionTests
{
    private static readonly Guid FacilityId = Guid.NewGuid();
    private static readonly DateOnly Sept2021 = new(2021, 9, 30);

    private static FacilityOverview Project(params object[] events)
    {
        var overview = FacilityOverviewProjection.Create((FacilityRegistered)events[0]);
        foreach (var e in events.Skip(1)) overview = FacilityOverviewProjection.Apply((GroupHomeOpened)e, overview);
        return overview;
    }

    private static GroupHomeOpened Gh(string name, int capacity) =>
        new(FacilityId, Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, name, capacity, Sept2021);

    [Fact]
    public void A_registered_facility_has_only_its_main_capacity()
    {
        var overview = Project(new FacilityRegistered(FacilityId, FacilityKind.ChildrensHome, "福音寮", "世田谷区", 21, Sept2021));

        Assert.Equal(21, overview.MainCapacity);
        Assert.Empty(overview.GroupHomes);
        Assert.Equal(21, overview.TotalCapacity);
        Assert.Equal(0m, overview.GroupHomeShare);
    }

    [Fact]
    public void Tokyo_ikuseien_in_September_2021_totals_53_with_24_in_group_homes()
    {
        // Seed 003: main building 4 × 6 + 1 × 5 = 29, group homes 4 × 6 = 24, total 53.
        var overview = Project(
            new FacilityRegistered(FacilityId, FacilityKind.ChildrensHome, "東京育成園", "世田谷区", 29, Sept2021),
            Gh("GH1", 6), Gh("GH2", 6), Gh("GH3", 6), Gh("GH4", 6));

        Assert.Equal(4, overview.GroupHomeCount);
        Assert.Equal(24, overview.GroupHomeCapacity);
        Assert.Equal(53, overview.TotalCapacity);
        Assert.Equal(45.3m, overview.GroupHomeShare);
    }

    [Fact]
    public void Group_homes_keep_their_order_kind_and_opening_date()
    {
        var overview = Project(
            new FacilityRegistered(FacilityId, FacilityKind.InfantHome, "乳児院", "世田谷区", 20, Sept2021),
            Gh("A", 4), Gh("B", 5));

        Assert.Equal(["A", "B"], overview.GroupHomes.Select(g => g.Name));
        Assert.All(overview.GroupHomes, g => Assert.Equal(Sept2021, g.OpenedOn));
    }

    [Theory]
    // Seed 003's ward targets: 58/110 → 52.7, 60/112 → 53.6, 63/112 → 56.3, 77/113 → 68.1.
    [InlineData(58, 110, 52.7)]
    [InlineData(60, 112, 53.6)]
    [InlineData(63, 112, 56.3)]
    [InlineData(77, 113, 68.1)]
    [InlineData(0, 0, 0.0)]
    [InlineData(1, 8, 12.5)]
    public void Group_home_share_is_rounded_to_one_decimal_half_away_from_zero(int groupHome, int total, double expected) =>
        Assert.Equal((decimal)expected, CapacityTotals.Share(groupHome, total));

    [Fact]
    public void Totals_add_up_the_setagaya_corporations_to_110()
    {
        var ikuseien = Project(new FacilityRegistered(Guid.NewGuid(), FacilityKind.ChildrensHome, "東京育成園", "x", 29, Sept2021),
            Gh("1", 6), Gh("2", 6), Gh("3", 6), Gh("4", 6));
        var fukuinryo = Project(new FacilityRegistered(Guid.NewGuid(), FacilityKind.ChildrensHome, "福音寮", "x", 21, Sept2021),
            Gh("1", 6), Gh("2", 6), Gh("3", 6), Gh("4", 6), Gh("5", 6), Gh("6", 6));

        var totals = CapacityTotals.Of([ikuseien, fukuinryo]);

        Assert.Equal(new CapacityTotals(2, 50, 10, 60), totals);
        Assert.Equal(110, totals.TotalCapacity);
        Assert.Equal(54.5m, totals.GroupHomeShare);
    }

    [Fact]
    public void Opening_a_group_home_is_refused_for_a_taken_name_or_a_date_before_the_facility()
    {
        var facility = Facility.Create(new FacilityRegistered(FacilityId, FacilityKind.ChildrensHome, "福音寮", "x", 21, Sept2021))
            .Apply(Gh("みどり", 6));

        var taken = OpeningGroupHome.Decide(facility, Guid.NewGuid(), new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "みどり", 4, Sept2021));
        var early = OpeningGroupHome.Decide(facility, Guid.NewGuid(), new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "あおば", 4, Sept2021.AddDays(-1)));
        var fine = OpeningGroupHome.Decide(facility, Guid.NewGuid(), new OpenGroupHome(GroupHomeKind.RegionalSmallScale, " あおば ", 4, Sept2021));

        Assert.Equal(("Name", "Validation.GroupHomeNameTaken"), (taken.Field, taken.MessageKey));
        Assert.Equal(("OpenedOn", "Validation.OpenedBeforeFacility"), (early.Field, early.MessageKey));
        Assert.True(fine.IsAccepted);
        Assert.Equal("あおば", fine.Event!.Name);
    }
}
