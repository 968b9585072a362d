using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Facilities;

public sealed record GroupHomeSummary(Guid Id, GroupHomeKind Kind, string Name, int Capacity, DateOnly OpenedOn)
{
    public string? Address { get; init; }
}

/// A living unit (ユニット / 小規模グループケア) of the main building.
public sealed record LivingUnitSummary(Guid Id, string Name, int Capacity, DateOnly OpenedOn);

/// Main-building space that no longer houses a unit but serves another function (高機能化・多機能化).
public sealed record ConvertedSpace(Guid UnitId, string UnitName, MainSpaceFunction Function, DateOnly ConvertedOn);

/// A unit or group home that closed: kept so that write-side decisions can tell a closed place from an unknown one.
public sealed record ClosedPlace(Guid Id, string Name, int Capacity, DateOnly OpenedOn, DateOnly ClosedOn);

/// 現員 of the latest month counted up to the as-of date.
public sealed record ResidentsSummary(DateOnly Month, ResidentCounts Counts);

public sealed record RoomSummary(
    Guid Id, string Name, RoomPlace Place, Guid? PlaceId, decimal AreaSquareMetres, int Residents, bool InfantsOnly, DateOnly BuiltOn);

/// <summary>
/// One facility as the pages and the API show it: main capacity (本体定員), its open units and group homes and the
/// derived totals — either as of a date (replayed from the events effective by then) or with everything recorded.
/// </summary>
public sealed record FacilityOverview(
    Guid Id, FacilityKind Kind, string Name, string Address, int MainCapacity, IReadOnlyList<GroupHomeSummary> GroupHomes)
{
    /// Marten's stream version of the facility, for optimistic concurrency from the UI and API.
    public long Version { get; set; }

    /// The date this view was replayed to; null when it holds every recorded event.
    public DateOnly? AsOf { get; init; }

    public DateOnly RegisteredOn { get; init; }

    /// The main capacity given when the facility was recorded; used until units are recorded.
    public int RegisteredMainCapacity { get; init; }

    public IReadOnlyList<LivingUnitSummary> Units { get; init; } = [];

    /// True once any unit was recorded: from then on the main capacity is the sum of the open units.
    public bool UnitsRecorded { get; init; }

    public IReadOnlyList<ConvertedSpace> ConvertedSpaces { get; init; } = [];

    public ResidentsSummary? Residents { get; init; }

    public IReadOnlyList<RoomSummary> Rooms { get; init; } = [];

    /// Group homes and units that closed (they leave <see cref="GroupHomes"/> and <see cref="Units"/>).
    public IReadOnlyList<ClosedPlace> ClosedGroupHomes { get; init; } = [];

    public IReadOnlyList<ClosedPlace> ClosedUnits { get; init; } = [];

    /// <summary>
    /// True when the document was built with <see cref="ClosedGroupHomes"/> and <see cref="ClosedUnits"/>, so that the
    /// write model can be derived from it (<see cref="Facility.From(FacilityOverview)"/>); documents stored before
    /// they existed are false until rebuilt, and the write side then replays the events instead.
    /// </summary>
    public bool TracksClosedPlaces { get; init; }

    public int GroupHomeCount => GroupHomes.Count;

    public int GroupHomeCapacity => GroupHomes.Sum(g => g.Capacity);

    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);

    public static FacilityOverview Create(FacilityRegistered e) =>
        new(e.FacilityId, e.Kind, e.Name, e.Address, e.MainCapacity, [])
        {
            RegisteredOn = e.EffectiveOn,
            RegisteredMainCapacity = e.MainCapacity,
            TracksClosedPlaces = true,
        };

    /// One event's effect; events about a unit or group home this view does not hold (closed, or not yet open) change nothing.
    public FacilityOverview Apply(IFacilityEvent e) => e switch
    {
        GroupHomeOpened x => this with
        {
            GroupHomes = [.. GroupHomes, new GroupHomeSummary(x.GroupHomeId, x.Kind, x.Name, x.Capacity, x.OpenedOn) { Address = x.Address }],
        },
        GroupHomeCapacityChanged x => this with { GroupHomes = [.. GroupHomes.Select(g => g.Id == x.GroupHomeId ? g with { Capacity = x.To } : g)] },
        GroupHomeMoved x => this with { GroupHomes = [.. GroupHomes.Select(g => g.Id == x.GroupHomeId ? g with { Address = x.Address } : g)] },
        GroupHomeClosed x => this with
        {
            GroupHomes = [.. GroupHomes.Where(g => g.Id != x.GroupHomeId)],
            ClosedGroupHomes = GroupHomes.FirstOrDefault(g => g.Id == x.GroupHomeId) is { } home
                ? [.. ClosedGroupHomes, new ClosedPlace(home.Id, home.Name, home.Capacity, home.OpenedOn, x.EffectiveOn)]
                : ClosedGroupHomes,
        },
        LivingUnitAdded x => WithUnits([.. Units, new LivingUnitSummary(x.UnitId, x.Name, x.Capacity, x.EffectiveOn)]),
        LivingUnitCapacityChanged x => WithUnits([.. Units.Select(u => u.Id == x.UnitId ? u with { Capacity = x.To } : u)]),
        LivingUnitClosed x => WithUnits([.. Units.Where(u => u.Id != x.UnitId)]) with
        {
            ConvertedSpaces = x.ConvertedTo is { } function && Units.FirstOrDefault(u => u.Id == x.UnitId) is { } unit
                ? [.. ConvertedSpaces, new ConvertedSpace(unit.Id, unit.Name, function, x.EffectiveOn)]
                : ConvertedSpaces,
            ClosedUnits = Units.FirstOrDefault(u => u.Id == x.UnitId) is { } closed
                ? [.. ClosedUnits, new ClosedPlace(closed.Id, closed.Name, closed.Capacity, closed.OpenedOn, x.EffectiveOn)]
                : ClosedUnits,
        },
        ResidentsCounted x => Residents is { } latest && latest.Month > x.Month ? this : this with { Residents = new ResidentsSummary(x.Month, x.Counts) },
        RoomRecorded x => this with
        {
            Rooms = [.. Rooms.Where(r => r.Id != x.RoomId),
                new RoomSummary(x.RoomId, x.Name, x.Place, x.PlaceId, x.AreaSquareMetres, x.Residents, x.InfantsOnly, x.BuiltOn)],
        },
        _ => this,
    };

    private FacilityOverview WithUnits(IReadOnlyList<LivingUnitSummary> units) =>
        this with { Units = units, UnitsRecorded = true, MainCapacity = units.Sum(u => u.Capacity) };

    /// <summary>
    /// Replays one facility's events in effective-date order after its registration (recording order among the same
    /// date, so a later correction wins), keeping those effective on or before <paramref name="asOf"/> (all of them when null).
    /// Null when the facility did not exist yet on that date.
    /// </summary>
    public static FacilityOverview? Replay(IReadOnlyList<IFacilityEvent> stream, DateOnly? asOf)
    {
        var ordered = stream
            .Select((e, index) => (e, index))
            .Where(x => asOf is null || x.e.EffectiveOn <= asOf)
            // The registration first: a month's residents count may be dated the 1st of the month the facility was recorded in.
            .OrderBy(x => x.e is FacilityRegistered ? 0 : 1)
            .ThenBy(x => x.e.EffectiveOn)
            .ThenBy(x => x.index)
            .Select(x => x.e);

        FacilityOverview? overview = null;
        foreach (var e in ordered)
        {
            overview = e is FacilityRegistered registered ? Create(registered) : overview?.Apply(e);
        }
        if (overview is null) return null;
        overview.Version = stream.Count;
        return overview with { AsOf = asOf };
    }
}

/// <summary>
/// The stored document of each facility (inline, so the API reads its own write at once): every recorded event
/// applied in recording order. As-of and list views replay the events instead (<see cref="FacilityOverview.Replay"/>).
/// </summary>
public sealed class FacilityOverviewProjection : SingleStreamProjection<FacilityOverview, Guid>
{
    public static FacilityOverview Create(FacilityRegistered e) => FacilityOverview.Create(e);

    public static FacilityOverview Apply(GroupHomeOpened e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(GroupHomeCapacityChanged e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(GroupHomeMoved e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(GroupHomeClosed e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(LivingUnitAdded e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(LivingUnitCapacityChanged e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(LivingUnitClosed e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(ResidentsCounted e, FacilityOverview current) => current.Apply(e);

    public static FacilityOverview Apply(RoomRecorded e, FacilityOverview current) => current.Apply(e);
}

/// <summary>Totals over facilities: 本体定員, GH定員, 合計, GH比率.</summary>
public sealed record CapacityTotals(int FacilityCount, int MainCapacity, int GroupHomeCount, int GroupHomeCapacity)
{
    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => Share(GroupHomeCapacity, TotalCapacity);

    public static CapacityTotals Of(IEnumerable<FacilityOverview> facilities)
    {
        var list = facilities as IReadOnlyCollection<FacilityOverview> ?? facilities.ToList();
        return new(list.Count, list.Sum(f => f.MainCapacity), list.Sum(f => f.GroupHomeCount), list.Sum(f => f.GroupHomeCapacity));
    }

    /// GH share in percent with one decimal, rounded half away from zero (seed 003: 58/110 → 52.7).
    public static decimal Share(int groupHomeCapacity, int totalCapacity) =>
        totalCapacity == 0 ? 0m : Math.Round(100m * groupHomeCapacity / totalCapacity, 1, MidpointRounding.AwayFromZero);
}
