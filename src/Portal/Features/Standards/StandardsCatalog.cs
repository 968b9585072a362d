using System.Text.Json;
using System.Text.Json.Serialization;
using Hidamari.Portal.Features.Facilities;

namespace Hidamari.Portal.Features.Standards;

/// Per-resident floor area of a bedroom (居室), m²; which limit applies depends on the room and the facility kind.
public sealed record RoomAreaRule(DateOnly? AppliesToRoomsBuiltFrom, decimal PerResident, decimal InfantsOnly, decimal InfantHome);

/// Residents per bedroom (居室定員の上限).
public sealed record ResidentsPerRoomRule(DateOnly? AppliesToRoomsBuiltFrom, int General, int InfantsOnly);

public sealed record SizeRange(int Min, int Max);

/// How many small-group-care units (小規模グループケア) a facility may run, without and with a decentralization plan.
public sealed record SmallGroupCareCountRule(int WithoutPlan, int WithPlan);

/// Group-home capacity: the target band and the maximum.
public sealed record GroupHomeCapacityRule(int TargetMin, int TargetMax, int Max);

/// <summary>
/// One version of the standards, in force from <see cref="EffectiveFrom"/> (fiscal year <see cref="FiscalYear"/>),
/// nationally (<see cref="Jurisdiction"/> null) or in one jurisdiction. A rule left null is not set by this version.
/// </summary>
public sealed record StandardsVersion(
    string Id, string Title, string? Jurisdiction, int FiscalYear, DateOnly EffectiveFrom, string Source,
    RoomAreaRule? RoomArea, ResidentsPerRoomRule? ResidentsPerRoom,
    IReadOnlyDictionary<FacilityKind, SizeRange>? SmallGroupCareSize, SmallGroupCareCountRule? SmallGroupCareCount,
    IReadOnlyDictionary<FacilityKind, int>? MainCapacityWithPlan, GroupHomeCapacityRule? GroupHomeCapacity);

/// <summary>
/// The versions of the standards the portal checks against. Shipped as data (Data/standards.json); a revision is a
/// new version with its own effective date, so a check as of any date uses the rules in force on that date.
/// </summary>
public sealed class StandardsCatalog(IReadOnlyList<StandardsVersion> versions)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public IReadOnlyList<StandardsVersion> Versions { get; } = [.. versions.OrderBy(v => v.EffectiveFrom)];

    public static StandardsCatalog Shipped()
    {
        using var stream = typeof(StandardsCatalog).Assembly.GetManifestResourceStream("Hidamari.Portal.Features.Standards.Data.standards.json")
            ?? throw new InvalidOperationException("standards.json is not embedded");
        return Parse(stream);
    }

    public static StandardsCatalog Parse(Stream json) =>
        new(JsonSerializer.Deserialize<CatalogFile>(json, Options)?.Versions ?? throw new InvalidOperationException("no standards versions"));

    /// <summary>
    /// The version that sets <paramref name="rule"/> on <paramref name="date"/>: the latest in force then in the
    /// jurisdiction, else the latest national one. Null when no version sets it yet.
    /// </summary>
    public StandardsVersion? InForce(DateOnly date, string? jurisdiction, Func<StandardsVersion, object?> rule)
    {
        var candidates = Versions.Where(v => v.EffectiveFrom <= date && rule(v) is not null).ToList();
        return candidates.LastOrDefault(v => v.Jurisdiction is not null && v.Jurisdiction == jurisdiction)
            ?? candidates.LastOrDefault(v => v.Jurisdiction is null);
    }

    private sealed record CatalogFile(IReadOnlyList<StandardsVersion> Versions);
}
