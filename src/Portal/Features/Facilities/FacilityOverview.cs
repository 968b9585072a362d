using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Facilities;

public sealed record GroupHomeSummary(Guid Id, GroupHomeKind Kind, string Name, int Capacity, DateOnly OpenedOn);

/// <summary>One facility as the overview grid shows it: main capacity, its group homes and the derived totals.</summary>
public sealed record FacilityOverview(
    Guid Id, FacilityKind Kind, string Name, string Address, int MainCapacity, IReadOnlyList<GroupHomeSummary> GroupHomes)
{
    /// Marten's stream version of the facility, for optimistic concurrency from the UI and API.
    public long Version { get; set; }

    public int GroupHomeCount => GroupHomes.Count;

    public int GroupHomeCapacity => GroupHomes.Sum(g => g.Capacity);

    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);
}

public sealed class FacilityOverviewProjection : SingleStreamProjection<FacilityOverview, Guid>
{
    public static FacilityOverview Create(FacilityRegistered e) =>
        new(e.FacilityId, e.Kind, e.Name, e.Address, e.MainCapacity, []);

    public static FacilityOverview Apply(GroupHomeOpened e, FacilityOverview current) =>
        current with { GroupHomes = [.. current.GroupHomes, new GroupHomeSummary(e.GroupHomeId, e.Kind, e.Name, e.Capacity, e.OpenedOn)] };
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
