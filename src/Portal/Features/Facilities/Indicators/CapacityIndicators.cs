using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Facilities.Indicators;

/// <summary>
/// The decentralization indicators of seed 003 for one facility or a sum of them, at one date:
/// main-building units by size (定員 ≥ 6 / 4–5) and main capacity, group homes by size, their count and capacity,
/// total, GH share (GH capacity / total, %, one decimal), and — when residents were counted — occupancy.
/// Units or group homes of fewer than 4 places count in neither size band but in the capacities.
/// </summary>
public sealed record CapacityIndicators(
    int MainUnitsSixOrMore, int MainUnitsFourToFive, int MainCapacity,
    int GroupHomesSixOrMore, int GroupHomesFourToFive, int GroupHomeCount, int GroupHomeCapacity,
    int? Residents = null, int? NeedsIndividualCare = null)
{
    public static readonly CapacityIndicators Zero = new(0, 0, 0, 0, 0, 0, 0);

    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);

    /// 現員 / 定員, %, one decimal; null without a count.
    public decimal? Occupancy => Residents is { } residents && TotalCapacity > 0 ? Percent(residents, TotalCapacity) : null;

    /// Share of residents who need individual care, %, one decimal (seed 003: 49 / 85 → 57.6).
    public decimal? IndividualCareShare =>
        Residents is { } residents && residents > 0 && NeedsIndividualCare is { } care ? Percent(care, residents) : null;

    public static CapacityIndicators Of(FacilityOverview facility) => new(
        facility.Units.Count(u => IsSixOrMore(u.Capacity)),
        facility.Units.Count(u => IsFourToFive(u.Capacity)),
        facility.MainCapacity,
        facility.GroupHomes.Count(g => IsSixOrMore(g.Capacity)),
        facility.GroupHomes.Count(g => IsFourToFive(g.Capacity)),
        facility.GroupHomeCount,
        facility.GroupHomeCapacity,
        facility.Residents?.Counts.Total,
        facility.Residents?.Counts.NeedsIndividualCare);

    public static CapacityIndicators Sum(IEnumerable<CapacityIndicators> parts)
    {
        var list = parts.ToList();
        return new(
            list.Sum(p => p.MainUnitsSixOrMore), list.Sum(p => p.MainUnitsFourToFive), list.Sum(p => p.MainCapacity),
            list.Sum(p => p.GroupHomesSixOrMore), list.Sum(p => p.GroupHomesFourToFive), list.Sum(p => p.GroupHomeCount),
            list.Sum(p => p.GroupHomeCapacity),
            list.Any(p => p.Residents is not null) ? list.Sum(p => p.Residents ?? 0) : null,
            list.Any(p => p.NeedsIndividualCare is not null) ? list.Sum(p => p.NeedsIndividualCare ?? 0) : null);
    }

    /// "6人以上定員"
    public static bool IsSixOrMore(int capacity) => capacity >= 6;

    /// "5～4人定員"
    public static bool IsFourToFive(int capacity) => capacity is 4 or 5;

    private static decimal Percent(int part, int whole) => Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);
}

public sealed record FacilityIndicators(Guid FacilityId, string Name, FacilityKind Kind, CapacityIndicators Figures)
{
    /// The month the residents were counted in (the latest up to the date), if any.
    public DateOnly? ResidentsMonth { get; init; }
}

/// <summary>
/// The indicators of every facility of a corporation and their sum, at one date — normally a 年度末 (31 March).
/// This is the shape other features (the municipal review) build on.
/// </summary>
public sealed record IndicatorSnapshot(
    DateOnly AsOf, int FiscalYear, string FiscalYearLabel, IReadOnlyList<FacilityIndicators> Facilities, CapacityIndicators Corporation)
{
    public bool IsFiscalYearEnd => AsOf == JapaneseDates.FiscalYearEnd(FiscalYear);

    public static IndicatorSnapshot Of(FacilityHistory history, DateOnly asOf)
    {
        var facilities = history.AsOf(asOf).Facilities
            .Select(f => new FacilityIndicators(f.Id, f.Name, f.Kind, CapacityIndicators.Of(f)) { ResidentsMonth = f.Residents?.Month })
            .ToList();
        var fiscalYear = JapaneseDates.FiscalYearOf(asOf);
        return new IndicatorSnapshot(asOf, fiscalYear, JapaneseDates.FiscalYearLabel(fiscalYear), facilities,
            CapacityIndicators.Sum(facilities.Select(f => f.Figures)));
    }
}
