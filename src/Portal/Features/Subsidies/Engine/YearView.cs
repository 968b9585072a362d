namespace Hidamari.Portal.Features.Subsidies.Engine;

/// A group home the plan opens on <see cref="OpensOn"/>: a 地域小規模 home (own rate) or satellite SGC (adds 定員 and a unit).
public sealed record PlannedGroupHome(string Name, int Capacity, DateOnly OpensOn, bool Regional);

public sealed record MonthProjection(DateOnly Month, int? TableNumber, long CurrentYen, long PlannedYen, bool Complete);

/// <summary>
/// One fiscal year of estimated 措置費 for a facility as it is and as planned, with the opening costs of the
/// planned homes, so finance can see what opening a GH does to income and cost.
/// </summary>
public sealed record YearProjection(
    int FiscalYear,
    string FacilityName,
    IReadOnlyList<MonthProjection> Months,
    IReadOnlyList<PlannedGroupHome> Plan,
    OpeningCostSplit? OpeningCosts,
    IReadOnlyList<StatementWarning> Warnings)
{
    public long CurrentYen => Months.Sum(m => m.CurrentYen);

    public long PlannedYen => Months.Sum(m => m.PlannedYen);

    public long IncomeDifferenceYen => PlannedYen - CurrentYen;

    public bool Complete => Months.All(m => m.Complete) && Warnings.Count == 0;
}

public static class YearView
{
    /// <param name="tables">Every published, not superseded version; each month takes the one in force.</param>
    /// <param name="openingCostPerHome">The cost base of one home (e.g. seed 003 divided by its two homes), or null.</param>
    public static YearProjection Project(
        FacilityMonthState current, IReadOnlyList<PlannedGroupHome> plan, int fiscalYear,
        IReadOnlyList<RateTable> tables, string jurisdiction, OpeningCostPlan? openingCostPerHome)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(plan);
        var warnings = new List<StatementWarning>();
        var months = new List<MonthProjection>();
        foreach (var month in RateTableCatalog.MonthsOf(fiscalYear))
        {
            var table = RateTableCatalog.InForce(tables, jurisdiction, month);
            if (table is null)
            {
                months.Add(new(month, null, 0, 0, false));
                continue;
            }
            var now = PlacementFee.Estimate(current, month, table);
            var planned = PlacementFee.Estimate(WithPlan(current, plan, month), month, table);
            months.Add(new(month, table.Number, now.Total, planned.Total, now.IsComplete && planned.IsComplete));
            foreach (var w in planned.Warnings.Where(w => !warnings.Contains(w))) warnings.Add(w);
        }
        if (months.Any(m => m.TableNumber is null))
            warnings.Add(new("NoTableInForce", "", fiscalYear.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        OpeningCostSplit? costs = null;
        var opening = plan.Where(p => Infrastructure.JapaneseDates.FiscalYearOf(p.OpensOn) == fiscalYear).ToList();
        if (openingCostPerHome is not null && opening.Count > 0
            && RateTableCatalog.InForce(tables, jurisdiction, new DateOnly(fiscalYear, 4, 1)) is { } firstTable)
        {
            var items = opening.SelectMany(p => openingCostPerHome.Items.Select(i => i with { GroupHome = p.Name })).ToList();
            var exclusions = opening.SelectMany(_ => openingCostPerHome.Exclusions).ToList();
            costs = OpeningCosts.Split(new OpeningCostPlan(fiscalYear, items, exclusions), firstTable);
        }
        return new YearProjection(fiscalYear, current.FacilityName, months, plan, costs, warnings);
    }

    /// The facility in <paramref name="month"/> with every planned home open by the month's first day.
    public static FacilityMonthState WithPlan(FacilityMonthState current, IReadOnlyList<PlannedGroupHome> plan, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(plan);
        var open = plan.Where(p => p.OpensOn <= new DateOnly(month.Year, month.Month, 1)).ToList();
        var satellite = open.Where(p => !p.Regional).ToList();
        return current with
        {
            Capacity = current.Capacity + satellite.Sum(p => p.Capacity),
            SmallGroupCareUnits = current.SmallGroupCareUnits + satellite.Count,
            // A planned home is assumed full; its children's ages are not known yet and only the total is priced.
            Residents = current.Residents with { Elementary = current.Residents.Elementary + satellite.Sum(p => p.Capacity) },
            RegionalGroupHomes = [.. current.RegionalGroupHomes, .. open.Where(p => p.Regional).Select(p => new RegionalGroupHome(p.Name, p.Capacity))],
        };
    }

}
