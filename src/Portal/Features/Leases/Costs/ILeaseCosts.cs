using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Leases.Costs;

/// <summary>
/// Lease costs for other features, the subsidy engine first (opening costs: 礼金・仲介手数料 etc.; rent support:
/// 家賃). Integer yen, prorated by days per <see cref="LeaseCostCalculator.RoundingRule"/>; months run April to March.
/// </summary>
public interface ILeaseCosts
{
    /// All leases of one group home in one fiscal year. <paramref name="asOf"/> limits the answer to what is due by
    /// that day (e.g. 年度末 or today); null means the whole year as the leases stand now.
    Task<GroupHomeLeaseCosts> ForGroupHomeAsync(TenantInfo tenant, Guid groupHomeId, int fiscalYear, DateOnly? asOf, CancellationToken ct);

    /// Every group home of the corporation (the tenant) in one fiscal year, and the corporation's totals.
    Task<CorporationLeaseCosts> ForCorporationAsync(TenantInfo tenant, int fiscalYear, DateOnly? asOf, CancellationToken ct);
}

/// <summary>One group home's lease costs for a fiscal year: the months summed over its leases, and every one-off cost.</summary>
public sealed record GroupHomeLeaseCosts(
    Guid GroupHomeId,
    string GroupHomeName,
    int FiscalYear,
    DateOnly? AsOf,
    IReadOnlyList<MonthlyLeaseCost> Months,
    IReadOnlyList<OneOffLeaseCost> OneOffs,
    long DepositPaid,
    long DepositReturned)
{
    public string RoundingRule => LeaseCostCalculator.RoundingRule;
    public long Rent => Months.Sum(m => m.Rent);
    public long CommonCharges => Months.Sum(m => m.CommonCharges);
    public long Recurring => Rent + CommonCharges;
    public long OneOff => OneOffs.Sum(o => o.Amount);
    public long Total => Recurring + OneOff;

    public long OneOffOf(OneOffCostKind kind) => OneOffs.Where(o => o.Kind == kind).Sum(o => o.Amount);

    /// Sums the per-lease costs of one group home; months stay April to March.
    public static GroupHomeLeaseCosts Of(Guid groupHomeId, string name, int fiscalYear, DateOnly? asOf, IReadOnlyList<LeaseYearCost> leases)
    {
        var start = Infrastructure.JapaneseDates.FiscalYearStart(fiscalYear);
        var months = Enumerable.Range(0, 12).Select(i =>
        {
            var month = start.AddMonths(i);
            return new MonthlyLeaseCost(month, leases.Sum(l => l.Months[i].Rent), leases.Sum(l => l.Months[i].CommonCharges));
        }).ToList();
        return new GroupHomeLeaseCosts(groupHomeId, name, fiscalYear, asOf, months,
            leases.SelectMany(l => l.OneOffs).OrderBy(o => o.On).ToList(), leases.Sum(l => l.DepositPaid), leases.Sum(l => l.DepositReturned));
    }
}

public sealed record CorporationLeaseCosts(int FiscalYear, DateOnly? AsOf, IReadOnlyList<GroupHomeLeaseCosts> GroupHomes)
{
    public string RoundingRule => LeaseCostCalculator.RoundingRule;
    public long Rent => GroupHomes.Sum(g => g.Rent);
    public long CommonCharges => GroupHomes.Sum(g => g.CommonCharges);
    public long Recurring => GroupHomes.Sum(g => g.Recurring);
    public long OneOff => GroupHomes.Sum(g => g.OneOff);
    public long Total => GroupHomes.Sum(g => g.Total);
    public long DepositPaid => GroupHomes.Sum(g => g.DepositPaid);
    public long DepositReturned => GroupHomes.Sum(g => g.DepositReturned);

    /// The corporation's monthly totals, April to March.
    public IReadOnlyList<MonthlyLeaseCost> Months =>
        Enumerable.Range(0, 12).Select(i => new MonthlyLeaseCost(
            Infrastructure.JapaneseDates.FiscalYearStart(FiscalYear).AddMonths(i),
            GroupHomes.Sum(g => g.Months[i].Rent), GroupHomes.Sum(g => g.Months[i].CommonCharges))).ToList();
}
