using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Subsidies.Estimating;

/// Why an estimate could not be made.
public enum EstimateFailure { None, FacilityNotFound, FacilityKindNotPriced, NoTableInForce }

public sealed record EstimateOutcome<T>(T? Value, EstimateFailure Failure);

/// <summary>A month's estimate for a facility (manual or recorded), the opening-cost split and the year view.</summary>
/// <param name="State">Given directly, or built from the recorded facility and <see cref="Figures"/>.</param>
public sealed record EstimateRequest(DateOnly Month, FacilityMonthState? State = null, Guid? FacilityId = null, EstimateFigures? Figures = null);

public sealed record YearViewRequest(int FiscalYear, FacilityMonthState? State, Guid? FacilityId, EstimateFigures? Figures,
    IReadOnlyList<PlannedGroupHome> Plan, OpeningCostPlan? OpeningCostBase = null, int HomesInBase = 1);

/// <summary>
/// Reads what the pure engine needs (the tenant's facility, the versions in use) and hands it over. The jurisdiction
/// is the tenant's own, so a jurisdiction's versions apply to its corporations.
/// </summary>
public sealed class SubsidyEstimates(RateTableQueries tables, FacilityQueries facilities)
{
    public async Task<EstimateOutcome<PlacementFeeStatement>> EstimateAsync(TenantInfo tenant, EstimateRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var (state, failure) = await StateAsync(tenant, request.State, request.FacilityId, request.Figures, request.Month, ct);
        if (state is null) return new(null, failure);
        var table = RateTableCatalog.InForce(await tables.InUseAsync(ct), tenant.Jurisdiction, request.Month);
        return table is null ? new(null, EstimateFailure.NoTableInForce) : new(PlacementFee.Estimate(state, request.Month, table), EstimateFailure.None);
    }

    public async Task<EstimateOutcome<OpeningCostSplit>> OpeningCostsAsync(TenantInfo tenant, OpeningCostPlan plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(plan);
        var table = RateTableCatalog.InForce(await tables.InUseAsync(ct), tenant.Jurisdiction, new DateOnly(plan.FiscalYear, 4, 1));
        return table is null ? new(null, EstimateFailure.NoTableInForce) : new(OpeningCosts.Split(plan, table), EstimateFailure.None);
    }

    public async Task<EstimateOutcome<YearProjection>> YearAsync(TenantInfo tenant, YearViewRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(request);
        var (state, failure) = await StateAsync(tenant, request.State, request.FacilityId, request.Figures, new DateOnly(request.FiscalYear, 4, 1), ct);
        if (state is null) return new(null, failure);
        var perHome = request.OpeningCostBase is { } basePlan
            ? OpeningCosts.PerHome(basePlan, Math.Max(1, request.HomesInBase), "1か所", request.FiscalYear)
            : null;
        return new(YearView.Project(state, request.Plan, request.FiscalYear, await tables.InUseAsync(ct), tenant.Jurisdiction, perHome),
            EstimateFailure.None);
    }

    /// The engine input for a recorded facility in a month, as a claim freezes it.
    public async Task<FacilityMonthState?> StateForAsync(TenantInfo tenant, Guid facilityId, EstimateFigures figures, DateOnly month, CancellationToken ct) =>
        (await StateAsync(tenant, null, facilityId, figures, month, ct)).Item1;

    private async Task<(FacilityMonthState?, EstimateFailure)> StateAsync(
        TenantInfo tenant, FacilityMonthState? state, Guid? facilityId, EstimateFigures? figures, DateOnly month, CancellationToken ct)
    {
        if (state is not null) return (state, EstimateFailure.None);
        if (facilityId is not { } id || await facilities.FindAsync(tenant, id, ct) is not { } facility) return (null, EstimateFailure.FacilityNotFound);
        var built = FacilityStateAdapter.From(facility, figures ?? new EstimateFigures(new ResidentsByAge(), 0, [], ""), month);
        return built is null ? (null, EstimateFailure.FacilityKindNotPriced) : (built, EstimateFailure.None);
    }
}
