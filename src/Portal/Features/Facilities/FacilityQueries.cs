using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Facilities;

public sealed record FacilityList(IReadOnlyList<FacilityOverview> Facilities, CapacityTotals Totals);

public sealed class FacilityQueries(TenantStores stores)
{
    public async Task<FacilityList> ListAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var facilities = await session.Query<FacilityOverview>().OrderBy(f => f.Name).ToListAsync(ct);
        return new FacilityList(facilities, CapacityTotals.Of(facilities));
    }

    public async Task<FacilityOverview?> FindAsync(TenantInfo tenant, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.LoadAsync<FacilityOverview>(id, ct);
    }
}
