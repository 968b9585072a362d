using System.Globalization;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans;

namespace Hidamari.Portal.Features.Standards;

public enum FindingSeverity
{
    /// Breaks a minimum standard.
    Violation,
    /// Within the standard but outside its target (e.g. a GH of 6 where 4–5 is the aim).
    Advice,
}

/// <summary>
/// One finding: which rule (and the version that set it) is broken, where, what was found against what limit.
/// <see cref="MessageKey"/> and <see cref="Arguments"/> give the sentence in the reader's language.
/// </summary>
public sealed record Finding(
    string Rule, string RuleVersion, FindingSeverity Severity, Guid FacilityId, string Facility, string Where,
    string Measured, string Limit, string MessageKey, IReadOnlyList<string> Arguments);

/// <summary>
/// Checks one facility, as of a date, against the standards in force (seed 001): room area per resident and
/// residents per room (by the version in force when the room was built, extended or rebuilt, where a rule says
/// so), small-group-care size and count, main capacity under a decentralization plan, group-home capacity.
/// Pure: the catalog, the facility state and its plan come in, findings come out.
/// </summary>
public static class StandardsCheck
{
    public static IReadOnlyList<Finding> Run(
        StandardsCatalog catalog, FacilityOverview facility, DateOnly asOf, string? jurisdiction, IReadOnlyList<PlanYear> plan)
    {
        var findings = new List<Finding>();
        Finding F(string rule, StandardsVersion v, FindingSeverity severity, string where, string measured, string limit, string key, params string[] args) =>
            new(rule, v.Id, severity, facility.Id, facility.Name, where, measured, limit, key, args);

        foreach (var room in facility.Rooms)
        {
            if (RoomVersion(catalog, asOf, room.BuiltOn, jurisdiction, v => v.RoomArea, r => r.AppliesToRoomsBuiltFrom) is { RoomArea: { } area } areaVersion)
            {
                var limit = facility.Kind == FacilityKind.InfantHome ? area.InfantHome : room.InfantsOnly ? area.InfantsOnly : area.PerResident;
                var perResident = Math.Round(room.AreaSquareMetres / room.Residents, 2, MidpointRounding.ToZero);
                if (perResident < limit)
                    findings.Add(F("RoomArea", areaVersion, FindingSeverity.Violation, room.Name, M2(perResident), M2(limit),
                        "Standards.Finding.RoomArea", M2(perResident), M2(limit)));
            }
            if (facility.Kind != FacilityKind.InfantHome
                && RoomVersion(catalog, asOf, room.BuiltOn, jurisdiction, v => v.ResidentsPerRoom, r => r.AppliesToRoomsBuiltFrom) is { ResidentsPerRoom: { } perRoom } perRoomVersion)
            {
                var limit = room.InfantsOnly ? perRoom.InfantsOnly : perRoom.General;
                if (room.Residents > limit)
                    findings.Add(F("ResidentsPerRoom", perRoomVersion, FindingSeverity.Violation, room.Name, N(room.Residents), N(limit),
                        "Standards.Finding.ResidentsPerRoom", N(room.Residents), N(limit)));
            }
        }

        if (catalog.InForce(asOf, jurisdiction, v => v.SmallGroupCareSize) is { SmallGroupCareSize: { } sizes } sizeVersion
            && sizes.TryGetValue(facility.Kind, out var size))
        {
            foreach (var unit in facility.Units.Where(u => u.Capacity < size.Min || u.Capacity > size.Max))
                findings.Add(F("SmallGroupCareSize", sizeVersion, FindingSeverity.Violation, unit.Name, N(unit.Capacity), $"{size.Min}–{size.Max}",
                    "Standards.Finding.SmallGroupCareSize", N(unit.Capacity), N(size.Min), N(size.Max)));
        }

        var hasPlan = plan.Count > 0;
        if (catalog.InForce(asOf, jurisdiction, v => v.SmallGroupCareCount) is { SmallGroupCareCount: { } count } countVersion)
        {
            var allowed = hasPlan ? count.WithPlan : count.WithoutPlan;
            if (facility.Units.Count > allowed)
                findings.Add(F("SmallGroupCareCount", countVersion, FindingSeverity.Violation, facility.Name, N(facility.Units.Count), N(allowed),
                    hasPlan ? "Standards.Finding.SmallGroupCareCountWithPlan" : "Standards.Finding.SmallGroupCareCount", N(facility.Units.Count), N(allowed)));
        }

        if (hasPlan && catalog.InForce(asOf, jurisdiction, v => v.MainCapacityWithPlan) is { MainCapacityWithPlan: { } limits } planVersion
            && limits.TryGetValue(facility.Kind, out var mainLimit))
        {
            var last = plan.MaxBy(y => y.FiscalYear)!;
            if (last.Figures.MainCapacity > mainLimit)
                findings.Add(F("MainCapacityWithPlan", planVersion, FindingSeverity.Violation, facility.Name, N(last.Figures.MainCapacity), N(mainLimit),
                    "Standards.Finding.MainCapacityWithPlan", Hidamari.Portal.Infrastructure.JapaneseDates.FiscalYearLabel(last.FiscalYear), N(last.Figures.MainCapacity), N(mainLimit)));
        }

        if (catalog.InForce(asOf, jurisdiction, v => v.GroupHomeCapacity) is { GroupHomeCapacity: { } gh } ghVersion)
        {
            foreach (var home in facility.GroupHomes)
            {
                if (home.Capacity > gh.Max)
                    findings.Add(F("GroupHomeCapacity", ghVersion, FindingSeverity.Violation, home.Name, N(home.Capacity), N(gh.Max),
                        "Standards.Finding.GroupHomeOverMax", N(home.Capacity), N(gh.Max)));
                else if (home.Capacity > gh.TargetMax || home.Capacity < gh.TargetMin)
                    findings.Add(F("GroupHomeCapacity", ghVersion, FindingSeverity.Advice, home.Name, N(home.Capacity), $"{gh.TargetMin}–{gh.TargetMax}",
                        "Standards.Finding.GroupHomeOffTarget", N(home.Capacity), N(gh.TargetMin), N(gh.TargetMax)));
            }
        }
        return findings;
    }

    /// <summary>
    /// The version whose room rule applies to a room: the one in force on <paramref name="asOf"/> if it covers rooms
    /// built when this one was; otherwise the one in force when the room was built (seed 001: the 2011 limits apply
    /// to rooms built, extended or fully rebuilt after the revision).
    /// </summary>
    private static StandardsVersion? RoomVersion<TRule>(
        StandardsCatalog catalog, DateOnly asOf, DateOnly builtOn, string? jurisdiction, Func<StandardsVersion, TRule?> rule, Func<TRule, DateOnly?> from)
        where TRule : class
    {
        var date = asOf;
        while (catalog.InForce(date, jurisdiction, v => rule(v)) is { } version)
        {
            if (from(rule(version)!) is not { } applies || builtOn >= applies) return version;
            date = version.EffectiveFrom.AddDays(-1) < builtOn ? version.EffectiveFrom.AddDays(-1) : builtOn;
        }
        return null;
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string M2(decimal m) => m.ToString("0.##", CultureInfo.InvariantCulture);
}
