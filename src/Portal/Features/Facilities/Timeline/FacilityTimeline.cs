using Hidamari.Tenancy;
using JasperFx.Events;

namespace Hidamari.Portal.Features.Facilities.Timeline;

/// <summary>
/// One recorded change: what happened (<see cref="Type"/> and the event itself), to which unit or group home
/// (<see cref="Subject"/>), when it takes effect, when it was recorded and by whom. Nothing is ever edited:
/// a correction is a later entry.
/// </summary>
public sealed record TimelineEntry(
    long Version, string Type, string? Subject, DateOnly EffectiveOn, DateTimeOffset RecordedAt, string? RecordedBy, object Event)
{
    /// True when the change was recorded more than a day after it took effect (entered late, or a correction).
    public bool Backdated => DateOnly.FromDateTime(RecordedAt.UtcDateTime) > EffectiveOn.AddDays(1);
}

public sealed record FacilityTimeline(Guid FacilityId, string Name, IReadOnlyList<TimelineEntry> Entries)
{
    /// Entries in recording order, the names of units and group homes resolved from the events that created them.
    public static FacilityTimeline? Of(Guid facilityId, IReadOnlyList<IEvent> events)
    {
        if (events.FirstOrDefault()?.Data is not FacilityRegistered registered) return null;
        var names = new Dictionary<Guid, string>();
        var entries = new List<TimelineEntry>();
        foreach (var e in events)
        {
            if (e.Data is not IFacilityEvent data) continue;
            var subject = data switch
            {
                GroupHomeOpened x => names[x.GroupHomeId] = x.Name,
                LivingUnitAdded x => names[x.UnitId] = x.Name,
                RoomRecorded x => names[x.RoomId] = x.Name,
                GroupHomeCapacityChanged x => names.GetValueOrDefault(x.GroupHomeId),
                GroupHomeMoved x => names.GetValueOrDefault(x.GroupHomeId),
                GroupHomeClosed x => names.GetValueOrDefault(x.GroupHomeId),
                LivingUnitCapacityChanged x => names.GetValueOrDefault(x.UnitId),
                LivingUnitClosed x => names.GetValueOrDefault(x.UnitId),
                _ => null,
            };
            entries.Add(new TimelineEntry(e.Version, data.GetType().Name, subject, data.EffectiveOn, e.Timestamp, e.UserName, data));
        }
        return new FacilityTimeline(facilityId, registered.Name, entries);
    }
}

public sealed class TimelineQueries(TenantStores stores)
{
    public async Task<FacilityTimeline?> FindAsync(TenantInfo tenant, Guid facilityId, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var events = await session.Events.FetchStreamAsync(facilityId, token: ct);
        return FacilityTimeline.Of(facilityId, events);
    }
}
