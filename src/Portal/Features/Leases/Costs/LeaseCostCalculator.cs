using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Leases.Costs;

/// 一時費用の種類: one-off lease costs.
public enum OneOffCostKind
{
    /// 礼金
    KeyMoney,
    /// 仲介手数料
    BrokerageFee,
    /// 保証料
    GuarantorFee,
    /// 更新料
    RenewalFee,
    /// 敷金のうち返還されなかった額 (原状回復等に充当)
    DepositKept,
    /// 敷金を超える原状回復費
    RestorationCharge,
}

/// Rent and common charges due for one calendar month, prorated by days where the lease covers part of it.
public sealed record MonthlyLeaseCost(DateOnly Month, long Rent, long CommonCharges)
{
    public long Total => Rent + CommonCharges;
}

public sealed record OneOffLeaseCost(Guid LeaseId, OneOffCostKind Kind, DateOnly On, long Amount);

/// <summary>
/// What one lease costs in one fiscal year (April–March): twelve months of recurring costs and the one-off costs
/// paid in the year. 敷金 paid or returned is money held by the landlord, shown beside the costs but never in them.
/// </summary>
public sealed record LeaseYearCost(
    Guid LeaseId,
    Guid GroupHomeId,
    int FiscalYear,
    IReadOnlyList<MonthlyLeaseCost> Months,
    IReadOnlyList<OneOffLeaseCost> OneOffs,
    long DepositPaid,
    long DepositReturned)
{
    public long Rent => Months.Sum(m => m.Rent);
    public long CommonCharges => Months.Sum(m => m.CommonCharges);
    public long Recurring => Rent + CommonCharges;
    public long OneOff => OneOffs.Sum(o => o.Amount);
    public long Total => Recurring + OneOff;

    public long OneOffOf(OneOffCostKind kind) => OneOffs.Where(o => o.Kind == kind).Sum(o => o.Amount);
}

/// <summary>
/// The pure cost rules. 日割り計算 (proration): for each calendar month, the rent due is the sum over the days the
/// lease covers of the monthly amount in force that day, divided by the number of days in that month (28, 29 in
/// a leap-year February, 30 or 31), rounded down to the whole yen (1円未満切り捨て). The first day of the lease
/// and the move-out day both count. Rent and common charges are prorated separately. A full month is never
/// prorated, so it costs exactly the monthly amount.
/// </summary>
public static class LeaseCostCalculator
{
    /// The rule as stated in the code; the pages show the localized text of key <c>Leases.RoundingRule</c>.
    public const string RoundingRule = "日割り = 月額 × 契約日数 ÷ その月の暦日数、1円未満切り捨て（初日・退去日を含む）";

    /// <param name="asOf">When given, only what is due up to and including this day: the days lived and one-off costs paid by then.</param>
    public static LeaseYearCost ForFiscalYear(Lease lease, int fiscalYear, DateOnly? asOf = null)
    {
        var yearStart = JapaneseDates.FiscalYearStart(fiscalYear);
        var yearEnd = JapaneseDates.FiscalYearEnd(fiscalYear);
        var cutoff = asOf is { } a && a < yearEnd ? a : yearEnd;

        var months = new List<MonthlyLeaseCost>(12);
        for (var month = yearStart; month <= yearEnd; month = month.AddMonths(1))
            months.Add(ForMonth(lease, month, cutoff));

        bool InYear(DateOnly d) => d >= yearStart && d <= cutoff;
        var oneOffs = OneOffs(lease).Where(o => InYear(o.On) && o.Amount > 0).OrderBy(o => o.On).ThenBy(o => o.Kind).ToList();
        var depositPaid = InYear(lease.Terms.SignedOn) ? lease.Terms.Deposit : 0;
        var depositReturned = lease.Termination is { } t && InYear(t.MoveOutOn) ? t.DepositReturned : 0;
        return new LeaseYearCost(lease.Id, lease.GroupHomeId, fiscalYear, months, oneOffs, depositPaid, depositReturned);
    }

    /// Every one-off cost of the lease over its life, dated the day it is paid.
    public static IEnumerable<OneOffLeaseCost> OneOffs(Lease lease)
    {
        var t = lease.Terms;
        yield return new(lease.Id, OneOffCostKind.KeyMoney, t.SignedOn, t.KeyMoney);
        yield return new(lease.Id, OneOffCostKind.BrokerageFee, t.SignedOn, t.BrokerageFee);
        yield return new(lease.Id, OneOffCostKind.GuarantorFee, t.SignedOn, t.GuarantorFee);
        foreach (var renewal in lease.Renewals)
            yield return new(lease.Id, OneOffCostKind.RenewalFee, renewal.RenewedOn, renewal.Fee);
        if (lease.Termination is { } end)
        {
            yield return new(lease.Id, OneOffCostKind.DepositKept, end.MoveOutOn, end.DepositKept(t.Deposit));
            yield return new(lease.Id, OneOffCostKind.RestorationCharge, end.MoveOutOn, end.RestorationCharge);
        }
    }

    /// Rent and charges for the calendar month starting <paramref name="month"/>, counting days up to <paramref name="cutoff"/>.
    public static MonthlyLeaseCost ForMonth(Lease lease, DateOnly month, DateOnly cutoff)
    {
        var first = new DateOnly(month.Year, month.Month, 1);
        var daysInMonth = DateTime.DaysInMonth(month.Year, month.Month);
        var last = first.AddDays(daysInMonth - 1);

        var from = Max(first, lease.Terms.StartsOn);
        var to = Min(last, cutoff);
        if (lease.LastDayOfOccupation is { } lastDay) to = Min(to, lastDay);
        if (from > to) return new MonthlyLeaseCost(first, 0, 0);

        // Σ (monthly amount in force × days) over the segments between rent revisions, then one division: exact in integers.
        long rentYenDays = 0, chargesYenDays = 0;
        var boundaries = lease.RentRevisions.Select(r => r.EffectiveOn).Where(d => d > from && d <= to).Distinct().Order().ToList();
        var segmentStart = from;
        foreach (var boundary in boundaries.Append(to.AddDays(1)))
        {
            var days = boundary.DayNumber - segmentStart.DayNumber;
            var (rent, charges) = lease.RentOn(segmentStart);
            rentYenDays += rent * days;
            chargesYenDays += charges * days;
            segmentStart = boundary;
        }
        // Integer division of non-negative numbers rounds down: 1円未満切り捨て.
        return new MonthlyLeaseCost(first, rentYenDays / daysInMonth, chargesYenDays / daysInMonth);
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;
}
