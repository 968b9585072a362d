using System.Text.Json;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Portal.Features.Submissions.Reviewing;
using Hidamari.Portal.Features.Submissions.Sending;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Submissions;

/// <summary>
/// Submissions and their review. Every command that another tenant must hear of writes its event and an
/// <see cref="OutboxMessage"/> in one session, so one transaction; <see cref="SubmissionDelivery"/> carries it over.
/// </summary>
public sealed class SubmissionCommands(
    TenantStores stores,
    TenantRegistry registry,
    PlanQueries plans,
    IndicatorQueries indicators,
    DeliverySignal signal,
    TimeProvider clock,
    IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> SubmitAsync(TenantInfo corporation, string user, Submit command, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation) return Invalid<Guid>("kind", "Submissions.Error.NotCorporation");
        var municipality = (await registry.ListAsync(ct)).FirstOrDefault(t =>
            t.Kind == TenantKind.Municipality && t.Status == TenantStatus.Active && t.Jurisdiction == corporation.Jurisdiction);
        if (municipality is null) return Invalid<Guid>("municipality", "Submissions.Error.NoMunicipality");

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        SubmissionContent content;
        int? fiscalYear = null;
        switch (command.Kind)
        {
            case DocumentKind.DecentralizationPlan:
                content = Snapshot.OfPlan(await plans.CompareAsync(corporation, null, null, ct));
                break;
            case DocumentKind.YearEndActuals when command.FiscalYear is { } year && year >= 2000 && JapaneseDates.FiscalYearEnd(year) <= today:
                fiscalYear = year;
                content = Snapshot.OfActuals(await indicators.AsOfAsync(corporation, JapaneseDates.FiscalYearEnd(year), ct));
                break;
            case DocumentKind.YearEndActuals:
                return Invalid<Guid>("fiscalYear", "Submissions.Error.YearNotEnded");
            default:
                return Invalid<Guid>("kind", "Submissions.Error.Kind");
        }
        if (content.Lines.Count == 0) return Invalid<Guid>("kind", "Submissions.Error.Empty");

        await using var session = stores.OpenSession(corporation);
        session.LastModifiedBy = user;
        var document = SentSubmission.DocumentOf(command.Kind, fiscalYear);
        // A corporation sends a handful of documents a year: filtering its submissions in memory is cheap.
        var previous = (await session.Query<SentSubmission>().ToListAsync(ct)).Where(s => s.Document == document).Select(s => s.DocumentVersion).ToList();
        var id = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var sent = new SubmissionSent(id, municipality.Id, municipality.DisplayName, command.Kind, fiscalYear,
            previous.Count == 0 ? 1 : previous.Max() + 1, user, now, content);
        session.Events.StartStream<SentSubmission>(id, sent);
        session.Store(new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Target = municipality.Id, Kind = OutboxKind.Submission, SubmissionId = id,
            Payload = JsonSerializer.Serialize(sent, SubmissionDelivery.Json), CreatedAt = now, NextAttemptAt = now,
        });
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is ConcurrencyException || IsUniqueViolation(e))
        {
            return CommandResult<Guid>.Conflict(text["Submissions.Error.Concurrent"]);
        }
        await signal.PendingAsync(corporation);
        return CommandResult<Guid>.Ok(id);
    }

    public Task<CommandResult<long>> AssignAsync(TenantInfo municipality, string user, Guid id, AssignReviewer command, CancellationToken ct) =>
        ReviewAsync(municipality, id, s => Review.Assign(s, command, user, clock.GetUtcNow()), user, ct);

    public Task<CommandResult<long>> CommentAsync(TenantInfo municipality, string user, Guid id, CommentLine command, CancellationToken ct) =>
        ReviewAsync(municipality, id, s => Review.Comment(s, command, user, clock.GetUtcNow()), user, ct);

    public Task<CommandResult<long>> ReturnAsync(TenantInfo municipality, string user, Guid id, ReturnSubmission command, CancellationToken ct) =>
        ReviewAsync(municipality, id, s => Review.Return(s, command, user, clock.GetUtcNow()), user, ct);

    public Task<CommandResult<long>> AcceptAsync(TenantInfo municipality, string user, Guid id, CancellationToken ct) =>
        ReviewAsync(municipality, id, s => Review.Accept(s, user, clock.GetUtcNow()), user, ct);

    /// Runs one review step and queues it for the corporation (with its stream version, for ordering).
    private async Task<CommandResult<long>> ReviewAsync(TenantInfo municipality, Guid id, Func<ReceivedSubmission, Decision<object>> decide, string user, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return CommandResult<long>.NotFound(text["Submissions.Error.NotFound"]);
        await using var session = stores.OpenSession(municipality);
        session.LastModifiedBy = user;
        try
        {
            var stream = await session.Events.FetchForWriting<ReceivedSubmission>(id, ct);
            if (stream.Aggregate is not { } submission) return CommandResult<long>.NotFound(text["Submissions.Error.NotFound"]);
            var decision = decide(submission);
            if (!decision.IsAccepted) return Invalid<long>(decision.Field!, decision.MessageKey!);

            stream.AppendOne(decision.Event!);
            var sequence = (stream.StartingVersion ?? 0) + 1;
            session.Store(new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Target = submission.Corporation, Kind = OutboxKind.ReviewUpdate, SubmissionId = id,
                Payload = JsonSerializer.Serialize(UpdateOf(id, sequence, decision.Event!), SubmissionDelivery.Json),
                CreatedAt = clock.GetUtcNow(), NextAttemptAt = clock.GetUtcNow(),
            });
            await session.SaveChangesAsync(ct);
            await signal.PendingAsync(municipality);
            return CommandResult<long>.Ok(sequence);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<long>.Conflict(text["Submissions.Error.Concurrent"]);
        }
    }

    private static ReviewUpdate UpdateOf(Guid id, long sequence, object e) => e switch
    {
        ReviewerAssigned a => new ReviewUpdate(id, sequence, ReviewStatus.InReview, null, null, a.By, a.At),
        LineCommented c => new ReviewUpdate(id, sequence, ReviewStatus.InReview, c.Line, c.Text, c.By, c.At),
        SubmissionReturned r => new ReviewUpdate(id, sequence, ReviewStatus.Returned, null, r.Reasons, r.By, r.At),
        SubmissionAccepted a => new ReviewUpdate(id, sequence, ReviewStatus.Accepted, null, null, a.By, a.At),
        _ => throw new InvalidOperationException($"No review update for {e.GetType().Name}"),
    };

    public async Task<CommandResult<bool>> SetTargetAsync(TenantInfo municipality, string user, SetTarget command, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return CommandResult<bool>.NotFound(text["Submissions.Error.NotFound"]);
        var decision = PlanTargets.Decide(command, user, clock.GetUtcNow());
        if (!decision.IsAccepted) return Invalid<bool>(decision.Field!, decision.MessageKey!);
        await using var session = stores.OpenSession(municipality);
        session.LastModifiedBy = user;
        session.Events.Append(PlanTargets.StreamId, decision.Event!);
        await session.SaveChangesAsync(ct);
        return CommandResult<bool>.Ok(true);
    }

    private static bool IsUniqueViolation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }

    private CommandResult<T> Invalid<T>(string field, string key) =>
        CommandResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [text[key]] });
}
