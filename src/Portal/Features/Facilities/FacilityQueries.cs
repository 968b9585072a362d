using Hidamari.Tenancy;
using JasperFx.Events;
using Marten;
using Marten.Events;

namespace Hidamari.Portal.Features.Facilities;

public sealed record FacilityList(IReadOnlyList<FacilityOverview> Facilities, CapacityTotals Totals)
{
    /// The date the list was replayed to; null when it holds every recorded event.
    public DateOnly? AsOf { get; init; }
}

/// <summary>
/// Every facility event of one tenant, grouped by facility in recording order, with Marten's metadata (who recorded
/// it and when). Loaded once, it answers any number of as-of questions without going back to the database.
/// </summary>
public sealed class FacilityHistory(IReadOnlyDictionary<Guid, IReadOnlyList<IEvent>> streams)
{
    public static readonly Type[] EventTypes =
    [
        typeof(FacilityRegistered), typeof(GroupHomeOpened), typeof(GroupHomeCapacityChanged), typeof(GroupHomeMoved),
        typeof(GroupHomeClosed), typeof(LivingUnitAdded), typeof(LivingUnitCapacityChanged), typeof(LivingUnitClosed),
        typeof(ResidentsCounted), typeof(RoomRecorded),
    ];

    public static FacilityHistory Of(IEnumerable<IEvent> events) =>
        new(events.Where(e => e.Data is IFacilityEvent)
            .GroupBy(e => ((IFacilityEvent)e.Data).FacilityId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)[.. g.OrderBy(e => e.Sequence)]));

    public IEnumerable<Guid> FacilityIds => streams.Keys;

    public IReadOnlyList<IEvent> EventsOf(Guid facilityId) => streams.TryGetValue(facilityId, out var events) ? events : [];

    public FacilityOverview? Find(Guid facilityId, DateOnly? asOf) =>
        streams.TryGetValue(facilityId, out var events)
            ? FacilityOverview.Replay([.. events.Select(e => (IFacilityEvent)e.Data)], asOf)
            : null;

    /// The facilities that existed on <paramref name="asOf"/> (all when null), by name.
    public FacilityList AsOf(DateOnly? asOf)
    {
        var facilities = streams.Keys.Select(id => Find(id, asOf)).OfType<FacilityOverview>()
            .OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        return new FacilityList(facilities, CapacityTotals.Of(facilities)) { AsOf = asOf };
    }
}

/// <summary>
/// Reads for the facilities pages and API. A tenant's facility history is kept in memory between reads and reused
/// while the tenant's event store is unchanged: each read first asks the database for the store's version (streams,
/// the sum of their versions and the latest append time: any committed append changes it), one small query, and
/// loads the events again only when it differs. So a read always reflects every write committed before it, on any
/// instance, and repeated reads cost one round trip instead of materialising every facility event each time.
/// </summary>
public sealed class FacilityQueries(TenantStores stores)
{
    /// Tenants whose history is kept at most; beyond that the memory is emptied and refills on demand.
    private const int MaxTenants = 256;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Version, FacilityHistory History)> _histories =
        new(StringComparer.Ordinal);

    public async Task<FacilityList> ListAsync(TenantInfo tenant, CancellationToken ct) => await ListAsync(tenant, null, ct);

    public async Task<FacilityList> ListAsync(TenantInfo tenant, DateOnly? asOf, CancellationToken ct) =>
        (await HistoryAsync(tenant, ct)).AsOf(asOf);

    public async Task<FacilityOverview?> FindAsync(TenantInfo tenant, Guid id, CancellationToken ct) => await FindAsync(tenant, id, null, ct);

    public async Task<FacilityOverview?> FindAsync(TenantInfo tenant, Guid id, DateOnly? asOf, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        return FacilityOverview.Replay([.. events.Select(e => e.Data).OfType<IFacilityEvent>()], asOf);
    }

    public async Task<FacilityHistory> HistoryAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        // Read before the events: a history loaded after this version may hold more, never less, than it says.
        var version = await StoreVersionAsync(session, ct);
        var key = tenant.Server + "/" + tenant.DatabaseName;
        if (_histories.TryGetValue(key, out var known) && known.Version == version) return known.History;

        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(FacilityHistory.EventTypes))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        var history = FacilityHistory.Of(events);
        if (_histories.Count >= MaxTenants) _histories.Clear();
        _histories[key] = (version, history);
        return history;
    }

    /// <summary>
    /// Changes with every committed append to any stream of the tenant: an append raises its stream's version (so the
    /// sum) and its time, a new stream the count. Versions only grow, so an equal value means no event was added since.
    /// </summary>
    private static async Task<string> StoreVersionAsync(IQuerySession session, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var rows = await session.QueryAsync<string>(
            $"select count(*) || '/' || coalesce(sum(version), 0) || '/' || coalesce(max(timestamp)::text, '') from {schema}.mt_streams", ct);
        return rows[0];
    }
}
