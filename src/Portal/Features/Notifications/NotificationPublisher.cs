using Microsoft.Extensions.DependencyInjection;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Marten;

namespace Hidamari.Portal.Features.Notifications;

/// <summary>
/// How producers tell people of something: <see cref="StageAsync"/> stores one <see cref="Notification"/> per member who
/// wants it, in the producer's own session on the tenant's store (one transaction with the producer's events, so a
/// step applied once notifies once); after saving, <see cref="DispatchAsync"/> updates open bells and sends the
/// immediate e-mails. Only members of that tenant are ever recipients.
/// </summary>
public sealed class NotificationPublisher(
    IServiceScopeFactory scopes, NotificationMailer mailer, NotificationSignal signal, TimeProvider clock, ILogger<NotificationPublisher> logger)
{
    public async Task<IReadOnlyList<Notification>> StageAsync(IDocumentSession session, TenantInfo tenant, NotificationSubject subject, CancellationToken ct)
    {
        // The people who act on submissions and decisions: corporation manager/finance, municipality reviewer/approver.
        var writers = Roles.Writers(tenant.Kind);
        // Memberships is scoped (its DbContext); this publisher is a singleton used by background delivery.
        await using var scope = scopes.CreateAsyncScope();
        var memberships = scope.ServiceProvider.GetRequiredService<Memberships>();
        var members = (await memberships.MembersOfAsync(tenant.Id, ct)).Where(m => m.Roles.Any(writers.Contains)).ToList();
        if (members.Count == 0) return [];
        var preferences = (await session.LoadManyAsync<NotificationPreferences>(ct, members.Select(m => m.UserId)))
            .ToDictionary(p => p.Id);
        var now = clock.GetUtcNow();
        var staged = new List<Notification>();
        foreach (var member in members)
        {
            var channel = preferences.TryGetValue(member.UserId, out var p) ? p.ChannelFor(subject.Kind) : NotificationPreferences.Default(subject.Kind);
            if (channel == NotificationChannel.None) continue;
            var notification = new Notification
            {
                Id = Guid.CreateVersion7(), UserId = member.UserId, Email = member.Email, Kind = subject.Kind, Subject = subject,
                Channel = channel, CreatedAt = now,
            };
            session.Store(notification);
            staged.Add(notification);
        }
        return staged;
    }

    /// After the producer saved: live bells, then immediate e-mail (a failure is retried by the digest service).
    public async Task DispatchAsync(TenantInfo tenant, IReadOnlyList<Notification> staged, CancellationToken ct)
    {
        if (staged.Count == 0) return;
        foreach (var userId in staged.Select(n => n.UserId).Distinct()) signal.Raise(tenant.Id, userId);
        var immediate = staged.Where(n => n.Channel == NotificationChannel.Immediate).Select(n => n.Id).ToList();
        if (immediate.Count == 0) return;
        try
        {
            await mailer.SendImmediateAsync(tenant, immediate, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Immediate notification mail failed in {Tenant}; it will be retried", tenant.Id);
        }
    }
}

/// <summary>Tells open bells in this portal instance that a person's notifications changed (other instances'
/// bells catch up by polling).</summary>
public sealed class NotificationSignal
{
    public event Action<string, string>? Changed;

    public void Raise(string tenantId, string userId) => Changed?.Invoke(tenantId, userId);
}
