namespace Hidamari.Portal.Features.Facilities;

/// 施設種別
public enum FacilityKind
{
    /// 児童養護施設
    ChildrensHome,
    /// 乳児院
    InfantHome,
    /// その他 (e.g. 児童心理治療施設)
    Other,
}

/// グループホームの種別
public enum GroupHomeKind
{
    /// 地域小規模児童養護施設: a group home in a rented house in the community.
    RegionalSmallScale,
    /// 分園型小規模グループケア: satellite small-group care attached to the main facility.
    SatelliteSmallGroupCare,
}

/// 高機能化・多機能化: what freed main-building space is turned into when a living unit closes.
public enum MainSpaceFunction
{
    /// 一時保護
    TemporaryProtection,
    /// 里親支援
    FosterSupport,
    /// 家庭支援 (親子関係再構築・在宅支援)
    FamilySupport,
    /// ケアニーズの高い児童への専門的ケア
    HighNeedsCare,
    /// その他
    Other,
}

/// <summary>
/// Every event of a facility stream: which facility, and the date the change takes effect (which may differ from
/// the day it was recorded). As-of views replay these by <see cref="EffectiveOn"/>.
/// </summary>
public interface IFacilityEvent
{
    Guid FacilityId { get; }

    DateOnly EffectiveOn { get; }
}

/// A facility was recorded with its main-building capacity (本体定員) as of <see cref="EffectiveOn"/>.
/// Once living units are recorded, the main capacity is the sum of the open units instead.
public sealed record FacilityRegistered(
    Guid FacilityId, FacilityKind Kind, string Name, string Address, int MainCapacity, DateOnly EffectiveOn) : IFacilityEvent;

/// A group home under a facility opened on <see cref="OpenedOn"/> with its capacity (定員).
public sealed record GroupHomeOpened(
    Guid FacilityId, Guid GroupHomeId, GroupHomeKind Kind, string Name, int Capacity, DateOnly OpenedOn, string? Address = null)
    : IFacilityEvent
{
    DateOnly IFacilityEvent.EffectiveOn => OpenedOn;
}

/// 小規模化: a group home's capacity was lowered (or raised) from <see cref="From"/> to <see cref="To"/>.
public sealed record GroupHomeCapacityChanged(
    Guid FacilityId, Guid GroupHomeId, int From, int To, DateOnly EffectiveOn, string? Reason = null) : IFacilityEvent;

/// A group home moved to another house.
public sealed record GroupHomeMoved(Guid FacilityId, Guid GroupHomeId, string Address, DateOnly EffectiveOn) : IFacilityEvent;

/// A group home closed; its places leave the facility's capacity from <see cref="EffectiveOn"/>.
public sealed record GroupHomeClosed(Guid FacilityId, Guid GroupHomeId, DateOnly EffectiveOn, string? Reason = null) : IFacilityEvent;

/// A living unit (ユニット / 小規模グループケア) in the main building, with its capacity.
public sealed record LivingUnitAdded(Guid FacilityId, Guid UnitId, string Name, int Capacity, DateOnly EffectiveOn) : IFacilityEvent;

/// A main-building unit's capacity changed, e.g. 7 → 6 (seed 003, 福音寮 令和5年度).
public sealed record LivingUnitCapacityChanged(
    Guid FacilityId, Guid UnitId, int From, int To, DateOnly EffectiveOn, string? Reason = null) : IFacilityEvent;

/// A main-building unit closed; when <see cref="ConvertedTo"/> is given its space now serves that function (高機能化・多機能化).
public sealed record LivingUnitClosed(
    Guid FacilityId, Guid UnitId, DateOnly EffectiveOn, MainSpaceFunction? ConvertedTo = null, string? Reason = null) : IFacilityEvent;

/// <summary>
/// 現員: residents of a facility (main building and group homes together) in the month starting <see cref="Month"/>,
/// as counts only — never a child as a person. Age bands follow the staffing ratios of seed 001.
/// </summary>
public sealed record ResidentsCounted(Guid FacilityId, DateOnly Month, ResidentCounts Counts) : IFacilityEvent
{
    DateOnly IFacilityEvent.EffectiveOn => Month;
}

/// <param name="Infants">乳児 (under 1)</param>
/// <param name="Toddlers">1〜2歳</param>
/// <param name="PreSchool">3歳以上の就学前</param>
/// <param name="SchoolAge">就学以降 (incl. 18+ under extended placement)</param>
/// <param name="NeedsIndividualCare">of all of them, those who need individual care (個別的なケアが必要な児童)</param>
public sealed record ResidentCounts(int Infants, int Toddlers, int PreSchool, int SchoolAge, int NeedsIndividualCare)
{
    public int Total => Infants + Toddlers + PreSchool + SchoolAge;
}

/// Where a room is: the main building (no place), a living unit or a group home.
public enum RoomPlace { MainBuilding, LivingUnit, GroupHome }

/// <summary>
/// A bedroom (居室) as the standards see it: floor area, how many residents it is for, whether only infants /
/// pre-school children sleep there, and when it was built, extended or fully rebuilt — the 2011 limits apply only
/// to rooms built after the revision (seed 001). Recording the same room id again corrects it.
/// </summary>
public sealed record RoomRecorded(
    Guid FacilityId, Guid RoomId, string Name, RoomPlace Place, Guid? PlaceId, decimal AreaSquareMetres, int Residents,
    bool InfantsOnly, DateOnly BuiltOn, DateOnly EffectiveOn) : IFacilityEvent;

/// <summary>The write-side state of a facility stream: only what decisions need (latest recorded state).</summary>
public sealed record Facility(Guid Id, string Name, DateOnly EffectiveOn, IReadOnlyList<string> GroupHomeNames)
{
    public IReadOnlyList<Place> Units { get; init; } = [];

    public IReadOnlyList<Place> GroupHomes { get; init; } = [];

    /// One unit or group home: its id, name, capacity, the day it opened and (once closed) the day it closed.
    public sealed record Place(Guid Id, string Name, int Capacity, DateOnly OpenedOn, DateOnly? ClosedOn = null)
    {
        public bool IsOpen => ClosedOn is null;
    }

    public Place? Unit(Guid id) => Units.FirstOrDefault(u => u.Id == id);

    public Place? GroupHome(Guid id) => GroupHomes.FirstOrDefault(g => g.Id == id);

    public static Facility Create(FacilityRegistered e) => new(e.FacilityId, e.Name, e.EffectiveOn, []);

    public Facility Apply(GroupHomeOpened e) => this with
    {
        GroupHomeNames = [.. GroupHomeNames, e.Name],
        GroupHomes = [.. GroupHomes, new Place(e.GroupHomeId, e.Name, e.Capacity, e.OpenedOn)],
    };

    public Facility Apply(GroupHomeCapacityChanged e) =>
        this with { GroupHomes = Replace(GroupHomes, e.GroupHomeId, p => p with { Capacity = e.To }) };

    public Facility Apply(GroupHomeMoved e) => this;

    public Facility Apply(GroupHomeClosed e) =>
        this with { GroupHomes = Replace(GroupHomes, e.GroupHomeId, p => p with { ClosedOn = e.EffectiveOn }) };

    public Facility Apply(LivingUnitAdded e) => this with { Units = [.. Units, new Place(e.UnitId, e.Name, e.Capacity, e.EffectiveOn)] };

    public Facility Apply(LivingUnitCapacityChanged e) =>
        this with { Units = Replace(Units, e.UnitId, p => p with { Capacity = e.To }) };

    public Facility Apply(LivingUnitClosed e) =>
        this with { Units = Replace(Units, e.UnitId, p => p with { ClosedOn = e.EffectiveOn }) };

    public Facility Apply(ResidentsCounted e) => this;

    public Facility Apply(RoomRecorded e) => this;

    /// <summary>
    /// The same state read from the inline read model of the stream (one document instead of every event): the open
    /// places, the closed ones, and every group home name ever used. Null for a document that does not track closed
    /// places (stored before it did); replay the events then.
    /// </summary>
    public static Facility? From(FacilityOverview overview)
    {
        if (!overview.TracksClosedPlaces) return null;
        IReadOnlyList<Place> homes =
        [
            .. overview.GroupHomes.Select(g => new Place(g.Id, g.Name, g.Capacity, g.OpenedOn)),
            .. overview.ClosedGroupHomes.Select(c => new Place(c.Id, c.Name, c.Capacity, c.OpenedOn, c.ClosedOn)),
        ];
        return new Facility(overview.Id, overview.Name, overview.RegisteredOn, [.. homes.Select(h => h.Name)])
        {
            Units =
            [
                .. overview.Units.Select(u => new Place(u.Id, u.Name, u.Capacity, u.OpenedOn)),
                .. overview.ClosedUnits.Select(c => new Place(c.Id, c.Name, c.Capacity, c.OpenedOn, c.ClosedOn)),
            ],
            GroupHomes = homes,
        };
    }

    /// Replays a stream's events in the order they were recorded (the write side needs no effective-date order).
    public static Facility? From(IEnumerable<IFacilityEvent> events)
    {
        Facility? facility = null;
        foreach (var e in events)
        {
            facility = e switch
            {
                FacilityRegistered r => Create(r),
                _ when facility is null => null,
                GroupHomeOpened x => facility.Apply(x),
                GroupHomeCapacityChanged x => facility.Apply(x),
                GroupHomeMoved x => facility.Apply(x),
                GroupHomeClosed x => facility.Apply(x),
                LivingUnitAdded x => facility.Apply(x),
                LivingUnitCapacityChanged x => facility.Apply(x),
                LivingUnitClosed x => facility.Apply(x),
                _ => facility,
            };
        }
        return facility;
    }

    private static IReadOnlyList<Place> Replace(IReadOnlyList<Place> places, Guid id, Func<Place, Place> change) =>
        [.. places.Select(p => p.Id == id ? change(p) : p)];
}
