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

public sealed class FacilityQueries(TenantStores stores)
{
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
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypesAre(FacilityHistory.EventTypes))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
        return FacilityHistory.Of(events);
    }
}
