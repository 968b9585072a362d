using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Notifications;

/// A person's notifications and choices in one tenant; every query is by the person's own user id.
public sealed class NotificationQueries(TenantStores stores, NotificationSignal signal, TimeProvider clock)
{
    public async Task<IReadOnlyList<Notification>> ListAsync(TenantInfo tenant, string userId, int take, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.Query<Notification>().Where(n => n.UserId == userId)
            .OrderByDescending(n => n.CreatedAt).Take(take).ToListAsync(ct);
    }

    public async Task<int> UnreadCountAsync(TenantInfo tenant, string userId, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.Query<Notification>().CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    /// Marks one of the person's own notifications read; false when the person has none with this id.
    public async Task<bool> MarkReadAsync(TenantInfo tenant, string userId, Guid id, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        if (await session.LoadAsync<Notification>(id, ct) is not { } n || n.UserId != userId) return false;
        if (n.ReadAt is null)
        {
            n.ReadAt = clock.GetUtcNow();
            session.Store(n);
            await session.SaveChangesAsync(ct);
            signal.Raise(tenant.Id, userId);
        }
        return true;
    }

    public async Task<int> MarkAllReadAsync(TenantInfo tenant, string userId, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        var unread = await session.Query<Notification>().Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var n in unread)
        {
            n.ReadAt = now;
            session.Store(n);
        }
        await session.SaveChangesAsync(ct);
        if (unread.Count > 0) signal.Raise(tenant.Id, userId);
        return unread.Count;
    }

    public async Task<NotificationPreferences> PreferencesAsync(TenantInfo tenant, string userId, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.LoadAsync<NotificationPreferences>(userId, ct) ?? new NotificationPreferences { Id = userId };
    }

    public async Task<NotificationPreferences> SetPreferencesAsync(
        TenantInfo tenant, string userId, IReadOnlyDictionary<NotificationKind, NotificationChannel> channels, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        var preferences = await session.LoadAsync<NotificationPreferences>(userId, ct) ?? new NotificationPreferences { Id = userId };
        foreach (var (kind, channel) in channels) preferences.Channels[kind] = channel;
        session.Store(preferences);
        await session.SaveChangesAsync(ct);
        return preferences;
    }
}
