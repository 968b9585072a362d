using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Facilities.Indicators;

/// Indicators at any date and at each 年度末, replayed from the facility events (one database read per call).
public sealed class IndicatorQueries(FacilityQueries facilities)
{
    public async Task<IndicatorSnapshot> AsOfAsync(TenantInfo tenant, DateOnly asOf, CancellationToken ct) =>
        IndicatorSnapshot.Of(await facilities.HistoryAsync(tenant, ct), asOf);

    /// One snapshot per 年度末 from <paramref name="fromFiscalYear"/> to <paramref name="toFiscalYear"/>, both included.
    public async Task<IReadOnlyList<IndicatorSnapshot>> YearEndsAsync(TenantInfo tenant, int fromFiscalYear, int toFiscalYear, CancellationToken ct)
    {
        var history = await facilities.HistoryAsync(tenant, ct);
        return [.. Enumerable.Range(fromFiscalYear, toFiscalYear - fromFiscalYear + 1)
            .Select(year => IndicatorSnapshot.Of(history, JapaneseDates.FiscalYearEnd(year)))];
    }
}
