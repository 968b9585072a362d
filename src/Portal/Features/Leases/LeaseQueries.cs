using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Leases.CriticalDates;
using Hidamari.Tenancy;
using Marten;
using Microsoft.Extensions.Options;

namespace Hidamari.Portal.Features.Leases;

/// A lease with the names of its group home and facility, as the register lists it.
public sealed record LeaseListItem(Lease Lease, string GroupHomeName, string FacilityName)
{
    public Guid Id => Lease.Id;
}

public sealed record CriticalDateList(DateOnly Today, int WindowDays, IReadOnlyList<CriticalDateItem> Dates);

public sealed class LeaseOptions
{
    public const string Section = "Hidamari:Leases";

    /// 警告期間: how many days ahead the critical-dates list looks unless the person chooses otherwise.
    public int WarningWindowDays { get; set; } = 90;
}

public sealed class LeaseQueries(TenantStores stores, FacilityQueries facilities, TimeProvider clock, IOptions<LeaseOptions> options) : ILeaseCosts
{
    /// The dashboard card always looks 90 days ahead.
    public const int CardWindowDays = 90;

    public const int MaxWindowDays = 3 * 366;

    public int DefaultWindowDays => options.Value.WarningWindowDays;

    /// Today in Japan, where every lease and deadline is.
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Tokyo).DateTime);

    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    public async Task<IReadOnlyList<LeaseListItem>> ListAsync(TenantInfo tenant, CancellationToken ct)
    {
        var (leases, names) = await LoadAsync(tenant, ct);
        return leases.Select(l => Item(l, names))
            .OrderBy(i => i.FacilityName, StringComparer.Ordinal).ThenBy(i => i.GroupHomeName, StringComparer.Ordinal)
            .ThenBy(i => i.Lease.Terms.StartsOn).ToList();
    }

    public async Task<LeaseListItem?> FindAsync(TenantInfo tenant, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var lease = await session.LoadAsync<Lease>(id, ct);
        return lease is null ? null : Item(lease, await GroupHomeNamesAsync(tenant, ct));
    }

    public async Task<LeaseDocumentContent?> DocumentAsync(TenantInfo tenant, Guid leaseId, Guid documentId, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var content = await session.LoadAsync<LeaseDocumentContent>(documentId, ct);
        return content?.LeaseId == leaseId ? content : null;
    }

    public async Task<IReadOnlyList<GroupHomeSummary>> GroupHomesAsync(TenantInfo tenant, CancellationToken ct) =>
        (await facilities.ListAsync(tenant, ct)).Facilities.SelectMany(f => f.GroupHomes).ToList();

    public async Task<CriticalDateList> CriticalDatesAsync(TenantInfo tenant, DateOnly? from, int? windowDays, CancellationToken ct)
    {
        var today = from ?? Today;
        var window = Math.Clamp(windowDays ?? DefaultWindowDays, 0, MaxWindowDays);
        var (leases, names) = await LoadAsync(tenant, ct);
        var byId = leases.ToDictionary(l => l.Id);
        var items = LeaseCriticalDates.Within(leases, today, window).Select(d =>
        {
            var lease = byId[d.LeaseId];
            return new CriticalDateItem(d, NameOf(names, lease.GroupHomeId).GroupHome, lease.Terms.Landlord, lease.Terms.Address);
        }).ToList();
        return new CriticalDateList(today, window, items);
    }

    public async Task<GroupHomeLeaseCosts> ForGroupHomeAsync(TenantInfo tenant, Guid groupHomeId, int fiscalYear, DateOnly? asOf, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var leases = await session.Query<Lease>().Where(l => l.GroupHomeId == groupHomeId).ToListAsync(ct);
        var names = await GroupHomeNamesAsync(tenant, ct);
        return GroupHomeLeaseCosts.Of(groupHomeId, NameOf(names, groupHomeId).GroupHome, fiscalYear, asOf,
            leases.Select(l => LeaseCostCalculator.ForFiscalYear(l, fiscalYear, asOf)).ToList());
    }

    public async Task<CorporationLeaseCosts> ForCorporationAsync(TenantInfo tenant, int fiscalYear, DateOnly? asOf, CancellationToken ct)
    {
        var (leases, names) = await LoadAsync(tenant, ct);
        var groupHomeIds = names.Keys.Concat(leases.Select(l => l.GroupHomeId)).Distinct();
        var perGroupHome = groupHomeIds.Select(id => GroupHomeLeaseCosts.Of(id, NameOf(names, id).GroupHome, fiscalYear, asOf,
                leases.Where(l => l.GroupHomeId == id).Select(l => LeaseCostCalculator.ForFiscalYear(l, fiscalYear, asOf)).ToList()))
            .OrderBy(g => g.GroupHomeName, StringComparer.Ordinal).ToList();
        return new CorporationLeaseCosts(fiscalYear, asOf, perGroupHome);
    }

    private async Task<(IReadOnlyList<Lease> Leases, IReadOnlyDictionary<Guid, (string GroupHome, string Facility)> Names)> LoadAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var leases = await session.Query<Lease>().ToListAsync(ct);
        return (leases, await GroupHomeNamesAsync(tenant, ct));
    }

    private async Task<IReadOnlyDictionary<Guid, (string GroupHome, string Facility)>> GroupHomeNamesAsync(TenantInfo tenant, CancellationToken ct) =>
        (await facilities.ListAsync(tenant, ct)).Facilities
            .SelectMany(f => f.GroupHomes.Select(g => (g.Id, Names: (g.Name, f.Name))))
            .ToDictionary(x => x.Id, x => x.Names);

    private static (string GroupHome, string Facility) NameOf(IReadOnlyDictionary<Guid, (string GroupHome, string Facility)> names, Guid id) =>
        names.TryGetValue(id, out var n) ? n : ("?", "?");

    private static LeaseListItem Item(Lease lease, IReadOnlyDictionary<Guid, (string GroupHome, string Facility)> names)
    {
        var (groupHome, facility) = NameOf(names, lease.GroupHomeId);
        return new LeaseListItem(lease, groupHome, facility);
    }
}
