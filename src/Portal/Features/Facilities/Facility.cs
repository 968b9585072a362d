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

/// A facility was recorded with its main-building capacity (本体定員) as of <see cref="EffectiveOn"/>.
public sealed record FacilityRegistered(
    Guid FacilityId, FacilityKind Kind, string Name, string Address, int MainCapacity, DateOnly EffectiveOn);

/// A group home under a facility opened on <see cref="OpenedOn"/> with its capacity (定員).
public sealed record GroupHomeOpened(
    Guid FacilityId, Guid GroupHomeId, GroupHomeKind Kind, string Name, int Capacity, DateOnly OpenedOn);

/// <summary>The write-side state of a facility stream: only what decisions need.</summary>
public sealed record Facility(Guid Id, string Name, DateOnly EffectiveOn, IReadOnlyList<string> GroupHomeNames)
{
    public static Facility Create(FacilityRegistered e) => new(e.FacilityId, e.Name, e.EffectiveOn, []);

    public Facility Apply(GroupHomeOpened e) => this with { GroupHomeNames = [.. GroupHomeNames, e.Name] };
}
