using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Standards;

public sealed record FindingsReport(DateOnly AsOf, string Jurisdiction, IReadOnlyList<Finding> Findings);

public sealed class StandardsQueries(StandardsCatalog catalog, FacilityQueries facilities, PlanQueries plans)
{
    /// Every facility of the tenant as of <paramref name="asOf"/>, checked against the standards in force then in its jurisdiction.
    public async Task<FindingsReport> FindingsAsync(TenantInfo tenant, DateOnly asOf, CancellationToken ct)
    {
        var list = await facilities.ListAsync(tenant, asOf, ct);
        var plan = await plans.PlanAsync(tenant, ct);
        var findings = list.Facilities.SelectMany(f => StandardsCheck.Run(catalog, f, asOf, tenant.Jurisdiction, plan.Of(f.Id))).ToList();
        return new FindingsReport(asOf, tenant.Jurisdiction, findings);
    }
}
