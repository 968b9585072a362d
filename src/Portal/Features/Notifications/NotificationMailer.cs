using System.Globalization;
using System.Text;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Marten;
using Microsoft.Extensions.Options;

namespace Hidamari.Portal.Features.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Hidamari:Notifications";

    /// The portal's address for links in e-mail (mail is sent in the background, outside any request).
    public string PublicUrl { get; set; } = "http://localhost:5000";

    /// Hour of the day (Japan time) after which the daily digest goes out.
    public int DigestHour { get; set; } = 8;

    /// How often the background service looks for due mail; 0 turns it off (tests call the mailer themselves).
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// An immediate mail that failed is retried this many times.
    public int MaxAttempts { get; set; } = 5;
}

/// <summary>
/// E-mail for notifications through the portal's one <see cref="IMailSender"/> (the same sender as invitations and
/// password resets), each in the recipient's own language. A notification is marked mailed once its mail is sent.
/// </summary>
public sealed class NotificationMailer(
    TenantStores stores, IMailSender mail, IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<NotificationOptions> options, ILogger<NotificationMailer> logger)
{
    /// Sends the immediate mails of these notifications (or of every due one when <paramref name="ids"/> is null).
    public async Task<int> SendImmediateAsync(TenantInfo tenant, IReadOnlyCollection<Guid>? ids, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        var max = options.Value.MaxAttempts;
        var settled = clock.GetUtcNow() - TimeSpan.FromMinutes(1);
        var due = ids is null
            // A retry pass leaves the newest alone: their producer is sending them right now.
            ? await session.Query<Notification>()
                .Where(n => n.Channel == NotificationChannel.Immediate && n.MailedAt == null && n.MailAttempts < max && n.CreatedAt < settled)
                .ToListAsync(ct)
            : (await session.LoadManyAsync<Notification>(ct, ids)).Where(n => n.MailDue(NotificationChannel.Immediate)).ToList();
        var sent = 0;
        foreach (var n in due)
        {
            try
            {
                var (subject, body) = await InLanguageOfAsync(n.UserId, text =>
                    ($"[{text["App.Title"]}] {text.Title(n.Subject)}",
                     $"{text.Message(n.Subject)}\n\n{Link(tenant, n.Subject)}\n\n{text["Notifications.Mail.Footer"]}\n"));
                await mail.SendAsync(n.Email, subject, body, ct);
                n.MailedAt = clock.GetUtcNow();
                sent++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                n.MailAttempts++;
                logger.LogWarning(e, "Notification mail {Id} failed (attempt {Attempt})", n.Id, n.MailAttempts);
            }
            session.Store(n);
        }
        await session.SaveChangesAsync(ct);
        return sent;
    }

    /// One digest mail per person listing every notification chosen for the digest and not mailed yet.
    public async Task<int> SendDigestsAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        var due = await session.Query<Notification>()
            .Where(n => n.Channel == NotificationChannel.Digest && n.MailedAt == null)
            .OrderBy(n => n.CreatedAt).ToListAsync(ct);
        var sent = 0;
        foreach (var person in due.GroupBy(n => n.UserId))
        {
            var items = person.ToList();
            var (subject, body) = await InLanguageOfAsync(person.Key, text =>
            {
                var b = new StringBuilder();
                b.Append(text["Notifications.Digest.Intro", tenant.DisplayName, items.Count]).Append("\n\n");
                foreach (var n in items)
                    b.Append("・").Append(JapaneseDates.Display(DateOnly.FromDateTime(n.CreatedAt.ToOffset(TimeSpan.FromHours(9)).DateTime), CultureInfo.CurrentUICulture))
                        .Append(' ').Append(text.Title(n.Subject)).Append('\n')
                        .Append("  ").Append(text.Message(n.Subject)).Append('\n')
                        .Append("  ").Append(Link(tenant, n.Subject)).Append('\n');
                b.Append('\n').Append(text["Notifications.Mail.Footer"]).Append('\n');
                return ($"[{text["App.Title"]}] {text["Notifications.Digest.Subject", tenant.DisplayName]}", b.ToString());
            });
            try
            {
                await mail.SendAsync(items[0].Email, subject, body, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Digest mail in {Tenant} failed; it is tried again on the next pass", tenant.Id);
                continue;
            }
            var now = clock.GetUtcNow();
            foreach (var n in items)
            {
                n.MailedAt = now;
                session.Store(n);
            }
            sent++;
        }
        await session.SaveChangesAsync(ct);
        return sent;
    }

    private string Link(TenantInfo tenant, NotificationSubject subject) =>
        options.Value.PublicUrl.TrimEnd('/') + NotificationText.Link(tenant.Id, subject);

    /// Renders text in the recipient's chosen language and date style.
    private async Task<T> InLanguageOfAsync<T>(string userId, Func<NotificationText, T> render)
    {
        await using var scope = scopes.CreateAsyncScope();
        var preferences = await scope.ServiceProvider.GetRequiredService<UserPreferences>().GetAsync(userId);
        var (culture, uiCulture, style) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture, JapaneseDates.PreferredStyle);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = preferences.Culture;
            JapaneseDates.PreferredStyle = preferences.Dates;
            return render(scope.ServiceProvider.GetRequiredService<NotificationText>());
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture, JapaneseDates.PreferredStyle) = (culture, uiCulture, style);
        }
    }
}

/// <summary>
/// In the background of every portal instance: retries immediate mail that failed and sends the daily digest once the
/// digest hour has passed (Japan time). An advisory lock lets one instance work at a time.
/// </summary>
public sealed class NotificationDigestService(
    NotificationMailer mailer, TenantRegistry registry, PlatformDatabase platform, TimeProvider clock,
    IOptions<NotificationOptions> options, ILogger<NotificationDigestService> logger) : BackgroundService
{
    /// Arbitrary key of the advisory lock ("hidamari-notify").
    public const long LockKey = 0x4869_6461_6e6f_7469;

    private DateOnly _lastDigest;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Wait first: immediate mail is sent by its producer; this pass only retries and sends the digest.
                await Task.Delay(options.Value.Interval, stoppingToken);
                var japan = clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9));
                var today = DateOnly.FromDateTime(japan.DateTime);
                var digest = japan.Hour >= options.Value.DigestHour && _lastDigest < today;
                if (await RunOnceAsync(digest, stoppingToken) && digest) _lastDigest = today;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Notification mail pass failed");
            }
        }
    }

    /// One pass over every active tenant; false when another instance holds the lock.
    public async Task<bool> RunOnceAsync(bool digests, CancellationToken ct)
    {
        await using var connection = await platform.DataSource.OpenConnectionAsync(ct);
        await using (var tryLock = connection.CreateCommand())
        {
            tryLock.CommandText = $"select pg_try_advisory_lock({LockKey})";
            if (await tryLock.ExecuteScalarAsync(ct) is not true) return false;
        }
        try
        {
            foreach (var tenant in await registry.ListAsync(ct))
            {
                if (tenant.Status != TenantStatus.Active) continue;
                try
                {
                    await mailer.SendImmediateAsync(tenant, null, ct);
                    if (digests) await mailer.SendDigestsAsync(tenant, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One tenant's trouble (a database being moved or restored) does not hold up the others' mail.
                    logger.LogWarning(e, "Notification mail for {Tenant} failed; tried again on the next pass", tenant.Id);
                }
            }
            return true;
        }
        finally
        {
            await using var unlock = connection.CreateCommand();
            unlock.CommandText = $"select pg_advisory_unlock({LockKey})";
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }
}
