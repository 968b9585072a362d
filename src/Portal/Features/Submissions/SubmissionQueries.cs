using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Submissions;

/// A sent submission with its delivery state (attempts, last error, stuck).
public sealed record SentSubmissionView(SentSubmission Submission, int DeliveryAttempts, string? DeliveryError, bool DeliveryStuck);

public sealed record DiffRow(string Key, string FiscalYearLabel, string? Facility, LineFigures? Previous, LineFigures? Current)
{
    public bool Changed => Previous != Current;
}

/// Side by side: this version and the one before it of the same corporation's document (null when it is the first).
public sealed record VersionDiff(Guid Id, int Version, Guid? PreviousId, int? PreviousVersion, IReadOnlyList<DiffRow> Rows)
{
    public static VersionDiff Of(ReceivedSubmission current, ReceivedSubmission? previous)
    {
        var keys = (previous?.Content.Lines ?? []).Concat(current.Content.Lines).Select(l => l.Key).Distinct();
        var rows = keys.Select(k =>
        {
            var before = previous?.Content.Lines.FirstOrDefault(l => l.Key == k);
            var now = current.Content.Lines.FirstOrDefault(l => l.Key == k);
            var line = (now ?? before)!;
            return new DiffRow(k, line.FiscalYearLabel, line.Facility, before?.Figures, now?.Figures);
        }).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new VersionDiff(current.Id, current.DocumentVersion, previous?.Id, previous?.DocumentVersion, rows);
    }
}

public sealed class SubmissionQueries(TenantStores stores)
{
    public async Task<IReadOnlyList<SentSubmissionView>> SentAsync(TenantInfo corporation, CancellationToken ct)
    {
        await using var session = stores.QuerySession(corporation);
        var sent = await session.Query<SentSubmission>().OrderByDescending(s => s.SentAt).ToListAsync(ct);
        var outbox = (await session.Query<OutboxMessage>().Where(m => m.Kind == OutboxKind.Submission).ToListAsync(ct))
            .ToDictionary(m => m.SubmissionId);
        return [.. sent.Select(s => outbox.TryGetValue(s.Id, out var m)
            ? new SentSubmissionView(s, m.Attempts, m.DeliveredAt is null ? m.LastError : null, m.IsStuck)
            : new SentSubmissionView(s, 0, null, false))];
    }

    public async Task<SentSubmission?> SentAsync(TenantInfo corporation, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(corporation);
        return await session.LoadAsync<SentSubmission>(id, ct);
    }

    /// Messages of this tenant that failed at least <see cref="OutboxMessage.StuckAfter"/> times and are still retried.
    public async Task<int> StuckAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.Query<OutboxMessage>().CountAsync(m => m.DeliveredAt == null && m.Attempts >= OutboxMessage.StuckAfter, ct);
    }

    public async Task<IReadOnlyList<ReceivedSubmission>> QueueAsync(TenantInfo municipality, ReviewStatus? status, CancellationToken ct)
    {
        await using var session = stores.QuerySession(municipality);
        var query = session.Query<ReceivedSubmission>().AsQueryable();
        if (status is { } s) query = query.Where(r => r.Status == s);
        return await query.OrderByDescending(r => r.ReceivedAt).ToListAsync(ct);
    }

    public async Task<ReceivedSubmission?> ReceivedAsync(TenantInfo municipality, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(municipality);
        return await session.LoadAsync<ReceivedSubmission>(id, ct);
    }

    public async Task<VersionDiff?> DiffAsync(TenantInfo municipality, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(municipality);
        var current = await session.LoadAsync<ReceivedSubmission>(id, ct);
        if (current is null) return null;
        var previous = (await session.Query<ReceivedSubmission>()
                .Where(r => r.Corporation == current.Corporation && r.Kind == current.Kind && r.DocumentVersion < current.DocumentVersion)
                .ToListAsync(ct))
            .Where(r => r.FiscalYear == current.FiscalYear)
            .MaxBy(r => r.DocumentVersion);
        return VersionDiff.Of(current, previous);
    }

    public async Task<PlanTargets> TargetsAsync(TenantInfo municipality, CancellationToken ct)
    {
        await using var session = stores.QuerySession(municipality);
        return await session.LoadAsync<PlanTargets>(PlanTargets.StreamId, ct) ?? PlanTargets.Empty;
    }

    /// <summary>
    /// The ward's progress, from the municipality's own read models only: its targets and the small
    /// <see cref="ProgressEntry"/> of every accepted submission, in one round trip. A store with submissions received
    /// before those entries existed (fewer entries than submissions) is read from the full submissions instead.
    /// </summary>
    public async Task<WardProgress> ProgressAsync(TenantInfo municipality, CancellationToken ct)
    {
        await using var session = stores.QuerySession(municipality);
        var batch = session.CreateBatchQuery();
        var targets = batch.Load<PlanTargets>(PlanTargets.StreamId);
        var entries = batch.Query<ProgressEntry>().Where(r => r.Status == ReviewStatus.Accepted).ToList();
        var entryCount = batch.Query<ProgressEntry>().Count();
        var submissionCount = batch.Query<ReceivedSubmission>().Count();
        await batch.Execute(ct);
        if (await entryCount == await submissionCount) return WardProgress.Of(await targets ?? PlanTargets.Empty, await entries);
        var accepted = await session.Query<ReceivedSubmission>().Where(r => r.Status == ReviewStatus.Accepted).ToListAsync(ct);
        return WardProgress.Of(await targets ?? PlanTargets.Empty, accepted);
    }
}
