using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Portal.Features.Subsidies.Estimating;

/// <summary>The figures finance enters for a month that the facility record does not hold (yet).</summary>
/// <param name="ImprovementClass">民改費 class as the table names it (e.g. "9%").</param>
public sealed record EstimateFigures(
    ResidentsByAge Residents,
    int SmallGroupCareUnits,
    IReadOnlyList<StaffPost> QualifyingPosts,
    string ImprovementClass,
    string Region = "");

/// <summary>
/// Builds the engine's input from what the facilities feature records today (本体定員 and group homes) plus the
/// figures finance enters. Satellite SGC homes (分園型) add to the facility's 定員 and count as SGC units; 地域小規模
/// homes are priced with their own rate. Homes count from the first month that starts on or after their opening.
/// Kept small on purpose: when facilities record residents and staff posts, only this adapter changes.
/// </summary>
public static class FacilityStateAdapter
{
    public static FacilityMonthState? From(FacilityOverview facility, EstimateFigures figures, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(facility);
        ArgumentNullException.ThrowIfNull(figures);
        SubsidyFacilityKind? kind = facility.Kind switch
        {
            FacilityKind.ChildrensHome => SubsidyFacilityKind.ChildrensHome,
            FacilityKind.InfantHome => SubsidyFacilityKind.InfantHome,
            _ => null,
        };
        if (kind is null) return null;
        var firstDay = new DateOnly(month.Year, month.Month, 1);
        var open = facility.GroupHomes.Where(g => g.OpenedOn <= firstDay).ToList();
        var satellite = open.Where(g => g.Kind == GroupHomeKind.SatelliteSmallGroupCare).ToList();
        return new FacilityMonthState(
            facility.Name, kind.Value, figures.Region,
            facility.MainCapacity + satellite.Sum(g => g.Capacity),
            figures.Residents,
            figures.SmallGroupCareUnits + satellite.Count,
            open.Where(g => g.Kind == GroupHomeKind.RegionalSmallScale).Select(g => new RegionalGroupHome(g.Name, g.Capacity)).ToList(),
            figures.QualifyingPosts,
            figures.ImprovementClass);
    }
}
