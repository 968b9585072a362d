using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Grants.Purchases;

/// One group home with its equipment list (empty when nothing is recorded yet).
public sealed record GroupHomeEquipment(Guid GroupHomeId, string GroupHomeName, DateOnly OpenedOn, IReadOnlyList<EquipmentPurchase> Lines, long Version)
{
    public long PlannedYen => Lines.Where(l => !l.Purchased).Sum(l => l.TotalYen);

    public long PurchasedYen => Lines.Where(l => l.Purchased).Sum(l => l.TotalYen);

    /// The lines dated in a fiscal year (purchase date once bought, planned date before); with
    /// <paramref name="purchasedOnly"/> the bought ones only.
    public IEnumerable<EquipmentPurchase> InFiscalYear(int fiscalYear, bool purchasedOnly) =>
        Lines.Where(l => (!purchasedOnly || l.Purchased) && JapaneseDates.FiscalYearOf(l.On) == fiscalYear);
}

public sealed class PurchaseQueries(TenantStores stores, FacilityQueries facilities)
{
    /// Every group home of the corporation (open ones as the facilities stand now) with its list, by name.
    public async Task<IReadOnlyList<GroupHomeEquipment>> ListsAsync(TenantInfo tenant, CancellationToken ct)
    {
        if (tenant.Kind != TenantKind.Corporation) return [];
        var groupHomes = (await facilities.ListAsync(tenant, ct)).Facilities.SelectMany(f => f.GroupHomes).ToList();
        await using var session = stores.QuerySession(tenant);
        var lists = (await session.Query<EquipmentList>().ToListAsync(ct)).ToDictionary(l => l.GroupHomeId);
        return
        [
            .. groupHomes.Select(g => lists.TryGetValue(g.Id, out var list)
                    ? new GroupHomeEquipment(g.Id, g.Name, g.OpenedOn, [.. list.Lines.OrderBy(l => l.On)], list.Version)
                    : new GroupHomeEquipment(g.Id, g.Name, g.OpenedOn, [], 0))
                .OrderBy(g => g.GroupHomeName, StringComparer.Ordinal),
        ];
    }
}
