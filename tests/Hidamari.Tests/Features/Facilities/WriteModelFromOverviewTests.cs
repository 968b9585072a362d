using Hidamari.Portal.Features.Facilities;

namespace Hidamari.Tests.Features.Facilities;

/// <summary>
/// Commands read the write model from the stored overview (one query) instead of replaying the stream: for any
/// history, the facility derived from the overview must be the one the events give — open and closed places, and
/// every group-home name ever used.
/// </summary>
[Trait("Category", "Facilities")]
public sealed class WriteModelFromOverviewTests
{
    private static readonly Guid F = Guid.NewGuid();
    private static readonly Guid U1 = Guid.NewGuid(), U2 = Guid.NewGuid(), G1 = Guid.NewGuid(), G2 = Guid.NewGuid();
    private static readonly DateOnly Start = new(2019, 4, 1);

    public static TheoryData<string> Histories => ["registered", "opened", "changed", "closed", "everything"];

    private static IReadOnlyList<IFacilityEvent> History(string name)
    {
        List<IFacilityEvent> events = [new FacilityRegistered(F, FacilityKind.ChildrensHome, "福音寮", "東京都世田谷区", 30, Start)];
        if (name == "registered") return events;
        events.Add(new GroupHomeOpened(F, G1, GroupHomeKind.RegionalSmallScale, "GH1", 6, Start.AddYears(1)));
        events.Add(new LivingUnitAdded(F, U1, "U1", 7, Start));
        if (name == "opened") return events;
        events.Add(new GroupHomeCapacityChanged(F, G1, 6, 5, Start.AddYears(2)));
        events.Add(new LivingUnitCapacityChanged(F, U1, 7, 6, Start.AddYears(2)));
        if (name == "changed") return events;
        events.Add(new GroupHomeClosed(F, G1, Start.AddYears(3)));
        events.Add(new LivingUnitClosed(F, U1, Start.AddYears(3), MainSpaceFunction.FosterSupport));
        if (name == "closed") return events;
        events.Add(new GroupHomeOpened(F, G2, GroupHomeKind.SatelliteSmallGroupCare, "GH2", 4, Start.AddYears(4)));
        events.Add(new LivingUnitAdded(F, U2, "U1", 6, Start.AddYears(4)));
        events.Add(new GroupHomeMoved(F, G2, "東京都世田谷区 2", Start.AddYears(5)));
        events.Add(new ResidentsCounted(F, Start.AddYears(5), new ResidentCounts(1, 2, 3, 10, 2)));
        return events;
    }

    /// The stored document as the inline projection builds it: every event in recording order.
    private static FacilityOverview Stored(IReadOnlyList<IFacilityEvent> events) =>
        events.Skip(1).Aggregate(FacilityOverview.Create((FacilityRegistered)events[0]), (o, e) => o.Apply(e));

    private static object Shape(Facility f) => new
    {
        f.Id, f.Name, f.EffectiveOn,
        Names = string.Join(",", f.GroupHomeNames.Order(StringComparer.Ordinal)),
        Units = string.Join(";", f.Units.OrderBy(p => p.Id).Select(p => p.ToString())),
        Homes = string.Join(";", f.GroupHomes.OrderBy(p => p.Id).Select(p => p.ToString())),
    };

    [Theory]
    [MemberData(nameof(Histories))]
    public void The_overview_gives_the_facility_the_events_give(string history)
    {
        var events = History(history);

        var fromOverview = Facility.From(Stored(events));

        Assert.NotNull(fromOverview);
        Assert.Equal(Shape(Facility.From(events)!), Shape(fromOverview));
    }

    [Fact]
    public void A_closed_group_home_keeps_its_name_taken_and_is_known_as_closed()
    {
        var facility = Facility.From(Stored(History("closed")))!;

        Assert.Contains("GH1", facility.GroupHomeNames);
        Assert.Equal(Start.AddYears(3), facility.GroupHome(G1)!.ClosedOn);
        Assert.Equal(5, facility.GroupHome(G1)!.Capacity);
        Assert.False(facility.Unit(U1)!.IsOpen);
    }

    [Fact]
    public void A_document_stored_before_closed_places_were_tracked_is_not_used()
    {
        var old = Stored(History("closed")) with { TracksClosedPlaces = false, ClosedGroupHomes = [], ClosedUnits = [] };

        Assert.Null(Facility.From(old));
    }
}
