using System.Text.Json;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Tenancy;
using JasperFx.Events;
using Marten;
using Microsoft.Extensions.Options;

namespace Hidamari.Portal.Features.Submissions.Delivery;

/// <summary>
/// Carries outbox messages from one tenant's database into another's.
///
/// Why a small outbox of our own rather than WolverineFx.Marten: Wolverine's durable outbox/inbox per tenant database
/// expects Marten's own tenancy to enumerate the tenant databases, while ours come from our registry at runtime (and
/// are only ever opened through <see cref="TenantStores"/> after a registry check). Wiring Wolverine's per-tenant
/// durability agents into that would be a spike of its own; the protocol here is small enough to read in one file:
/// <list type="number">
/// <item>the sender writes event + <see cref="OutboxMessage"/> in one transaction;</item>
/// <item><see cref="ApplyAtReceiverAsync"/> writes into the receiver's store, keyed by the submission id (a stream id)
/// or the message id (recorded on the stream), so applying twice is a no-op;</item>
/// <item><see cref="MarkDeliveredAsync"/> marks the message delivered in the sender's store.</item>
/// </list>
/// A crash between 2 and 3 means step 2 runs again: delivered at least once, applied exactly once. Only one portal
/// instance delivers at a time (a PostgreSQL advisory lock on the shared database).
/// </summary>
public sealed class SubmissionDelivery(
    TenantRegistry registry, TenantStores stores, PlatformDatabase platform, DeliveryQueue queue, IOptions<DeliveryOptions> options,
    TimeProvider clock, ILogger<SubmissionDelivery> logger, IEnumerable<IDeliveryExtension> extensions, NotificationPublisher notifications)
{
    /// Arbitrary key of the advisory lock that elects the delivering instance ("hidamari-delivery").
    public const long LockKey = 0x4869_6461_6d61_7269;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// Tenants taken from the queue per pass, and batches of 100 messages per tenant and pass (the rest stays due).
    private const int TenantsPerPass = 500;
    private const int BatchesPerTenant = 10;
    private const int BatchSize = 100;

    private DateTimeOffset? _lastSweep;

    /// <summary>
    /// One pass: the tenants the <see cref="DeliveryQueue"/> lists as due, or every active tenant in a full sweep (the
    /// first pass of this instance, then every <see cref="DeliveryOptions.FullSweepInterval"/>, or when asked).
    /// Returns null when another instance holds the lock.
    /// </summary>
    public async Task<DeliveryPass?> RunOnceAsync(CancellationToken ct, bool fullSweep = false)
    {
        await using var connection = await platform.DataSource.OpenConnectionAsync(ct);
        await using (var tryLock = connection.CreateCommand())
        {
            tryLock.CommandText = $"select pg_try_advisory_lock({LockKey})";
            if (await tryLock.ExecuteScalarAsync(ct) is not true) return null;
        }
        try
        {
            var now = clock.GetUtcNow();
            var sweep = fullSweep || _lastSweep is not { } last || now - last >= options.Value.FullSweepInterval;
            var pass = sweep ? await SweepAsync(ct) : await SignalledAsync(ct);
            if (sweep) _lastSweep = now;
            return pass;
        }
        finally
        {
            await using var unlock = connection.CreateCommand();
            unlock.CommandText = $"select pg_advisory_unlock({LockKey})";
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private async Task<DeliveryPass> SignalledAsync(CancellationToken ct)
    {
        var total = DeliveryPass.Empty(fullSweep: false);
        foreach (var pending in await queue.DueAsync(TenantsPerPass, ct))
        {
            var tenant = await registry.FindAsync(pending.TenantId, ct);
            if (tenant is null)
            {
                await queue.ForgetAsync(pending.TenantId, ct);     // closed meanwhile: its outbox went with it
                continue;
            }
            if (tenant.Status != TenantStatus.Active)
            {
                // In maintenance (being moved, restored): its messages wait.
                await queue.SettleAsync(pending, clock.GetUtcNow() + options.Value.Interval, ct);
                continue;
            }
            var (pass, nextDue) = await DrainTenantAsync(tenant, ct);
            total += pass;
            await queue.SettleAsync(pending, nextDue, ct);
        }
        return total;
    }

    private async Task<DeliveryPass> SweepAsync(CancellationToken ct)
    {
        var total = DeliveryPass.Empty(fullSweep: true);
        foreach (var tenant in await registry.ListAsync(ct))
        {
            if (tenant.Status != TenantStatus.Active) continue;
            var (pass, nextDue) = await DrainTenantAsync(tenant, ct);
            total += pass;
            if (nextDue is { } due) await queue.RememberAsync(tenant.Id, due, ct);
        }
        return total;
    }

    /// <summary>
    /// Delivers a tenant's due messages; returns what happened and when the tenant is next due (null: nothing left).
    /// A tenant whose database cannot be read is reported and tried again after <see cref="DeliveryOptions.Interval"/>.
    /// </summary>
    private async Task<(DeliveryPass Pass, DateTimeOffset? NextDue)> DrainTenantAsync(TenantInfo tenant, CancellationToken ct)
    {
        int delivered = 0, failed = 0, stuck = 0;
        try
        {
            for (var batch = 0; batch < BatchesPerTenant; batch++)
            {
                var messages = await PendingAsync(tenant, ct);
                foreach (var message in messages)
                {
                    if (await DeliverAsync(tenant, message, ct)) delivered++;
                    else
                    {
                        failed++;
                        if (message.Attempts + 1 >= OutboxMessage.StuckAfter) stuck++;
                    }
                }
                if (messages.Count < BatchSize) break;
            }
            return (new DeliveryPass(delivered, failed, stuck, 1, 0, false), await NextDueAsync(tenant, ct));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogError(e, "Delivery from tenant {Tenant} failed; tried again later", tenant.Id);
            return (new DeliveryPass(delivered, failed, stuck, 1, 1, false), clock.GetUtcNow() + options.Value.Interval);
        }
    }

    /// When the earliest undelivered message of a tenant is due (null: everything delivered).
    private async Task<DateTimeOffset?> NextDueAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        var next = await session.Query<OutboxMessage>()
            .Where(m => m.DeliveredAt == null)
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.NextAttemptAt)
            .Take(1)
            .ToListAsync(ct);
        return next.Count == 0 ? null : next[0];
    }

    /// Messages of <paramref name="tenant"/> due for a (re)try.
    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(TenantInfo tenant, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var session = stores.QuerySession(tenant);
        return await session.Query<OutboxMessage>()
            .Where(m => m.DeliveredAt == null && m.NextAttemptAt <= now)
            .OrderBy(m => m.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(ct);
    }

    /// Both steps for one message; a failure is recorded on the message (attempts, backoff, error) and reported.
    public async Task<bool> DeliverAsync(TenantInfo source, OutboxMessage message, CancellationToken ct)
    {
        try
        {
            await ApplyAtReceiverAsync(source, message, ct);
            // Zero in production. A fault test widens the window between the receiver's write and the sender's mark
            // to kill the process inside it; the code path is the same either way.
            if (options.Value.PauseAfterApply > TimeSpan.Zero) await Task.Delay(options.Value.PauseAfterApply, clock, ct);
            await MarkDeliveredAsync(source, message.Id, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await RecordFailureAsync(source, message.Id, e.Message, ct);
            logger.LogWarning(e, "Delivery of {Kind} {MessageId} from {Source} to {Target} failed (attempt {Attempt})",
                message.Kind, message.Id, source.Id, message.Target, message.Attempts + 1);
            return false;
        }
    }

    /// Step 2: write into the receiver's store; a no-op when it is already there.
    public async Task ApplyAtReceiverAsync(TenantInfo source, OutboxMessage message, CancellationToken ct)
    {
        var target = await registry.FindAsync(message.Target, ct) ?? throw new DeliveryRefusedException($"unknown tenant {message.Target}");
        switch (message.Kind)
        {
            case OutboxKind.Submission:
                // Only a corporation sends submissions, and only to the municipality of its own jurisdiction.
                if (source.Kind != TenantKind.Corporation || target.Kind != TenantKind.Municipality || target.Jurisdiction != source.Jurisdiction)
                    throw new DeliveryRefusedException($"{source.Id} may not submit to {target.Id}");
                await ReceiveSubmissionAsync(source, target, JsonSerializer.Deserialize<SubmissionSent>(message.Payload, Json)!, ct);
                break;
            case OutboxKind.ReviewUpdate:
                if (source.Kind != TenantKind.Municipality || target.Kind != TenantKind.Corporation)
                    throw new DeliveryRefusedException($"{source.Id} may not send review steps to {target.Id}");
                await ReceiveReviewUpdateAsync(source, target, message.Id, JsonSerializer.Deserialize<ReviewUpdate>(message.Payload, Json)!, ct);
                break;
            default:
                var extension = extensions.FirstOrDefault(x => x.Applies(message.Kind))
                    ?? throw new DeliveryRefusedException($"no receiver for {message.Kind}");
                await extension.ApplyAsync(source, target, message, ct);
                break;
        }
    }

    private async Task ReceiveSubmissionAsync(TenantInfo corporation, TenantInfo municipality, SubmissionSent sent, CancellationToken ct)
    {
        if (extensions.FirstOrDefault(x => x.Receives(sent.Kind)) is { } extension)
        {
            await extension.ReceiveSubmissionAsync(corporation, municipality, sent, ct);
            return;
        }
        await using var session = stores.OpenSession(municipality);
        // The submission id is the stream id: a second delivery finds the stream and stops.
        if (await session.Events.FetchStreamStateAsync(sent.SubmissionId, ct) is not null) return;
        session.LastModifiedBy = sent.Submitter;
        session.Events.StartStream<ReceivedSubmission>(sent.SubmissionId, new SubmissionReceived(
            sent.SubmissionId, corporation.Id, corporation.DisplayName, sent.Kind, sent.FiscalYear, sent.Version,
            sent.Submitter, sent.SentAt, clock.GetUtcNow(), sent.Content));
        var staged = await notifications.StageAsync(session, municipality, new NotificationSubject(
            NotificationKind.SubmissionReceived, sent.SubmissionId, sent.Kind, sent.FiscalYear, sent.Version, corporation.DisplayName, null), ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException)
        {
            // Delivered concurrently by another pass: already applied (and notified).
            return;
        }
        await notifications.DispatchAsync(municipality, staged, ct);
    }

    private async Task ReceiveReviewUpdateAsync(TenantInfo municipality, TenantInfo corporation, Guid messageId, ReviewUpdate update, CancellationToken ct)
    {
        await using var session = stores.OpenSession(corporation);
        var stream = await session.Events.FetchForWriting<SentSubmission>(update.SubmissionId, ct);
        // A municipality can only speak about submissions this corporation sent to it.
        if (stream.Aggregate is not { } sent || sent.Municipality != municipality.Id)
            throw new DeliveryRefusedException($"{municipality.Id} has no submission {update.SubmissionId} of {corporation.Id}");
        if (sent.AppliedMessages.Contains(messageId)) return;
        session.LastModifiedBy = update.By;
        stream.AppendOne(new ReviewUpdateReceived(messageId, update.SubmissionId, update.Sequence, update.Status, update.Line, update.Text, update.By, update.At));
        // Decisions (差し戻し, 受理) are told to the corporation's people; assignments and line comments are not.
        var staged = update is { Line: null, Status: ReviewStatus.Returned or ReviewStatus.Accepted }
            ? await notifications.StageAsync(session, corporation, new NotificationSubject(
                update.Status == ReviewStatus.Returned ? NotificationKind.SubmissionReturned : NotificationKind.SubmissionAccepted,
                sent.Id, sent.Kind, sent.FiscalYear, sent.DocumentVersion, municipality.DisplayName, update.Text), ct)
            : [];
        await session.SaveChangesAsync(ct);
        await notifications.DispatchAsync(corporation, staged, ct);
    }

    /// Step 3: mark the message delivered; for a submission, record 受付済み on the corporation's stream too.
    public async Task MarkDeliveredAsync(TenantInfo source, Guid messageId, CancellationToken ct)
    {
        await using var session = stores.OpenSession(source);
        var message = await session.LoadAsync<OutboxMessage>(messageId, ct);
        if (message is null || message.DeliveredAt is not null) return;
        var now = clock.GetUtcNow();
        message.DeliveredAt = now;
        message.LastError = null;
        session.Store(message);
        if (message.Kind == OutboxKind.Submission)
            session.Events.Append(message.SubmissionId, new SubmissionAcknowledged(message.SubmissionId, now));
        await session.SaveChangesAsync(ct);
    }

    private async Task RecordFailureAsync(TenantInfo source, Guid messageId, string error, CancellationToken ct)
    {
        await using var session = stores.OpenSession(source);
        var message = await session.LoadAsync<OutboxMessage>(messageId, ct);
        if (message is null || message.DeliveredAt is not null) return;
        message.Attempts++;
        message.LastError = error.Length > 500 ? error[..500] : error;
        message.NextAttemptAt = clock.GetUtcNow() + OutboxMessage.Backoff(message.Attempts);
        session.Store(message);
        await session.SaveChangesAsync(ct);
    }
}

/// <summary>What one pass did: messages delivered/failed/stuck, tenant databases opened, tenants that could not be read.</summary>
public sealed record DeliveryPass(int Delivered, int Failed, int Stuck, int Tenants, int TenantErrors, bool FullSweep)
{
    public static DeliveryPass Empty(bool fullSweep) => new(0, 0, 0, 0, 0, fullSweep);

    public static DeliveryPass operator +(DeliveryPass a, DeliveryPass b) =>
        new(a.Delivered + b.Delivered, a.Failed + b.Failed, a.Stuck + b.Stuck, a.Tenants + b.Tenants, a.TenantErrors + b.TenantErrors, a.FullSweep);
}

public sealed class DeliveryRefusedException(string message) : Exception(message);

public sealed class DeliveryOptions
{
    public const string Section = "Hidamari:Submissions";

    /// Off in tests that run the deliverer step by step.
    public bool BackgroundDelivery { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// How often a pass opens every active tenant's outbox rather than only those the queue lists (and always on start):
    /// the fallback for a signal lost between the outbox commit and the queue write.
    public TimeSpan FullSweepInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// Fault injection for tests only: a pause between writing into the receiver and marking the message delivered.
    public TimeSpan PauseAfterApply { get; set; } = TimeSpan.Zero;
}

/// <summary>
/// Called right after a tenant committed an outbox message: lists the tenant in the shared <see cref="DeliveryQueue"/>
/// (so whichever instance delivers next opens its database) and wakes this instance's delivery loop at once.
/// </summary>
public sealed class DeliverySignal(DeliveryQueue queue, ILogger<DeliverySignal> logger)
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// Never throws: the message is committed already; if the queue cannot be written, the next full sweep finds it.
    public async Task PendingAsync(TenantInfo tenant)
    {
        try
        {
            await queue.SignalAsync(tenant.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not list tenant {Tenant} for delivery; the next full sweep will deliver its messages", tenant.Id);
        }
        Notify();
    }

    private void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// Runs delivery passes in the background of every portal instance; the advisory lock lets one of them work at a time.
public sealed class DeliveryService(SubmissionDelivery delivery, DeliverySignal signal, IOptions<DeliveryOptions> options, ILogger<DeliveryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundDelivery) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await delivery.RunOnceAsync(stoppingToken);
                if (pass is null) logger.LogDebug("Delivery pass skipped: another instance is delivering");
                if (pass is { Stuck: > 0 })
                    logger.LogError("{Stuck} submission deliveries are stuck and will be retried", pass.Stuck);
                if (pass is { Delivered: > 0 } or { FullSweep: true })
                    logger.LogInformation("Delivery pass: {Delivered} delivered, {Failed} failed, {Tenants} tenant databases opened, full sweep {FullSweep}",
                        pass.Delivered, pass.Failed, pass.Tenants, pass.FullSweep);
                await signal.WaitAsync(options.Value.Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Delivery pass failed");
                await Task.Delay(options.Value.Interval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
