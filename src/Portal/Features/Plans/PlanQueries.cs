using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Plans;

public sealed class PlanQueries(TenantStores stores, FacilityQueries facilities, TimeProvider clock)
{
    public async Task<DecentralizationPlan> PlanAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.LoadAsync<DecentralizationPlan>(DecentralizationPlan.StreamId, ct) ?? DecentralizationPlan.Empty;
    }

    /// <summary>
    /// Plan against actual. Without a range: from the first planned fiscal year (or the current one) to the last
    /// planned (or the current one), whichever spans more.
    /// </summary>
    public async Task<PlanComparison> CompareAsync(TenantInfo tenant, int? from, int? to, CancellationToken ct)
    {
        var plan = await PlanAsync(tenant, ct);
        var history = await facilities.HistoryAsync(tenant, ct);
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var current = JapaneseDates.FiscalYearOf(today);
        var planned = plan.Years.Select(y => y.FiscalYear).Concat(plan.StepYears.Select(y => y.FiscalYear)).ToList();
        var first = from ?? (planned.Count > 0 ? Math.Min(planned.Min(), current) : current);
        var last = to ?? (planned.Count > 0 ? Math.Max(planned.Max(), first) : current);
        return PlanComparison.Of(plan, history, first, last, today);
    }
}
