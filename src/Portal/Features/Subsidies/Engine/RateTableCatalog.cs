namespace Hidamari.Portal.Features.Subsidies.Engine;

/// <summary>
/// Which published version prices a month: the one in force on the month's first day. A version effective from
/// a date therefore applies only to months that start on or after it (a version from 1 October prices October on;
/// one from 15 October prices November on). Among versions in force, the latest effective date wins, then the
/// highest version number (a correction published later for the same date). A jurisdiction's own versions are
/// preferred to national ones in force at the same date.
/// </summary>
public static class RateTableCatalog
{
    public static RateTable? InForce(IEnumerable<RateTable> published, string jurisdiction, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(published);
        var firstDay = new DateOnly(month.Year, month.Month, 1);
        return published
            .Where(t => t.EffectiveFrom <= firstDay && (t.Jurisdiction == RateTable.National || t.Jurisdiction == jurisdiction))
            .OrderByDescending(t => t.EffectiveFrom)
            .ThenByDescending(t => t.Jurisdiction == jurisdiction && jurisdiction != RateTable.National)
            .ThenByDescending(t => t.Number)
            .FirstOrDefault();
    }

    /// The twelve months of a fiscal year (April to March), as first days.
    public static IEnumerable<DateOnly> MonthsOf(int fiscalYear) =>
        Enumerable.Range(0, 12).Select(i => new DateOnly(fiscalYear, 4, 1).AddMonths(i));
}
