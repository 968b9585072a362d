using System.Text.Json;
using FluentValidation;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Grants.Settling;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Subsidies;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants;

/// A municipal step on its way to the corporation (payload of an <see cref="OutboxKind.GrantUpdate"/> message).
public sealed record GrantUpdate(Guid ApplicationId, long Sequence, GrantStep Step);

/// <summary>
/// Runs grant commands for the API and the pages: validate, load, decide (pure), append, save. Documents go to the
/// municipality through the submissions path (a <see cref="SubmissionSent"/> stream and an outbox message written with
/// the grant event in one transaction); municipal steps come back as <see cref="OutboxKind.GrantUpdate"/> messages.
/// </summary>
public sealed class GrantCommands(
    TenantStores stores,
    TenantRegistry registry,
    IReferenceStore reference,
    RateTableQueries tables,
    GrantRecords records,
    DeliverySignal signal,
    TimeProvider clock,
    IServiceProvider services,
    IStringLocalizer<SharedResource> text)
{
    // ---- programmes (reference data) ----

    public async Task<CommandResult<Guid>> PublishProgrammeAsync(TenantInfo municipality, string user, PublishProgramme command, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality) return NotFound<Guid>();
        if (await ValidateAsync(command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        await using var session = reference.LightweightSession();
        session.LastModifiedBy = user;
        var template = command.TemplateId is { } t ? await session.LoadAsync<GrantProgramme>(t, ct) : null;
        var previous = (await session.Query<GrantProgramme>().Where(p => p.Jurisdiction == municipality.Jurisdiction && p.Key == command.Key).ToListAsync(ct))
            .MaxBy(p => p.Version);
        var decision = PublishingProgramme.Decide(municipality.Jurisdiction, command, template, previous, user, clock.GetUtcNow());
        if (!decision.IsAccepted) return Invalid<Guid>(decision.Field!, decision.MessageKey!);
        session.Insert(decision.Event!);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsUniqueViolation(e))
        {
            return CommandResult<Guid>.Conflict(text["Grants.Error.Concurrent"]);
        }
        return CommandResult<Guid>.Ok(decision.Event!.Id);
    }

    /// The national templates, once (fixed ids: a second instance seeding at the same time collides harmlessly).
    public async Task EnsureTemplatesAsync(CancellationToken ct)
    {
        await using var session = reference.LightweightSession();
        var existing = await session.Query<GrantProgramme>().Where(p => p.Jurisdiction == Subsidies.Engine.RateTable.National).Select(p => p.Id).ToListAsync(ct);
        var missing = ProgrammeTemplates.All(clock.GetUtcNow()).Where(t => !existing.Contains(t.Id)).ToList();
        if (missing.Count == 0) return;
        session.LastModifiedBy = "system";
        foreach (var template in missing) session.Insert(template);
        try { await session.SaveChangesAsync(ct); }
        catch (Exception e) when (IsUniqueViolation(e)) { /* seeded by another instance */ }
    }

    // ---- corporation ----

    public async Task<CommandResult<Guid>> StartDraftAsync(TenantInfo corporation, string user, StartDraft command, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation) return NotFound<Guid>();
        if (await ValidateAsync(command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        GrantProgramme? programme;
        await using (var query = reference.QuerySession()) programme = await query.LoadAsync<GrantProgramme>(command.ProgrammeId, ct);
        if (programme is null) return Invalid<Guid>("programmeId", "Grants.Error.ProgrammeNotFound");
        if (await MunicipalityOfAsync(corporation, ct) is not { } municipality) return Invalid<Guid>("programmeId", "Grants.Error.NoMunicipality");

        var items = command.Items ?? [];
        if (command.FromRecords) items = [.. items, .. await FromRecordsAsync(corporation, programme, items, ct)];
        var id = Guid.CreateVersion7();
        var decision = Drafting.Drafting.Start(id, programme, corporation.Jurisdiction, municipality.Id, municipality.DisplayName, command, items, user, clock.GetUtcNow());
        if (!decision.IsAccepted) return Invalid<Guid>(decision.Field!, decision.MessageKey!);
        await using var session = stores.OpenSession(corporation);
        session.LastModifiedBy = user;
        session.Events.StartStream<GrantApplication>(id, decision.Event!);
        await session.SaveChangesAsync(ct);
        return CommandResult<Guid>.Ok(id);
    }

    /// <summary>Items drafted from recorded data of the programme's fiscal year (equipment lists, leases, training plan;
    /// see <see cref="Drafting.FromRecords"/>), for the kinds the draft has no item of yet.</summary>
    private async Task<IReadOnlyList<GrantItem>> FromRecordsAsync(TenantInfo corporation, GrantProgramme programme, IReadOnlyList<GrantItem> given, CancellationToken ct)
    {
        var proposed = (await records.DraftAsync(corporation, programme, ct)).Items.Where(p => given.All(i => i.Kind != p.Kind)).ToList();
        return Drafting.FromRecords.Merge(given, proposed).Skip(given.Count).ToList();
    }

    public Task<CommandResult<long>> EditDraftAsync(TenantInfo corporation, string user, Guid id, EditDraft command, CancellationToken ct) =>
        CorporationStepAsync(corporation, user, id, command.ExpectedVersion, command, async (a, session) => Drafting.Drafting.Edit(a, command, user, clock.GetUtcNow()).Untyped(), ct);

    public Task<CommandResult<long>> SubmitAsync(TenantInfo corporation, string user, Guid id, CancellationToken ct) =>
        CorporationStepAsync(corporation, user, id, null, (object?)null, async (a, session) =>
        {
            var findings = ProgrammeCheck.Check(a.Programme, a.Homes, a.Items, Today(), a.Status == GrantStatus.Returned);
            if (await ComputeAsync(corporation.Jurisdiction, a.Programme, a.Homes, a.Items, ct) is not { } figures)
                return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            var d = Submitting.Submitting.Apply(a, findings, figures, Guid.CreateVersion7(), user, clock.GetUtcNow());
            return Send(session, corporation, a, d);
        }, ct);

    public Task<CommandResult<long>> RequestChangeAsync(TenantInfo corporation, string user, Guid id, RequestChange command, CancellationToken ct) =>
        CorporationStepAsync(corporation, user, id, null, command, async (a, session) =>
        {
            if (await ComputeAsync(corporation.Jurisdiction, a.Programme, a.Homes, command.Items, ct) is not { } figures)
                return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            var version = await NextVersionAsync(session, a.Id, DocumentKind.GrantChangeRequest, ct);
            return Send(session, corporation, a, Submitting.Submitting.Change(a, command, figures, Guid.CreateVersion7(), version, user, clock.GetUtcNow()));
        }, ct);

    public Task<CommandResult<long>> ReportAsync(TenantInfo corporation, string user, Guid id, ReportActuals command, CancellationToken ct) =>
        CorporationStepAsync(corporation, user, id, null, command, async (a, session) =>
        {
            if (await ComputeAsync(corporation.Jurisdiction, a.Programme, a.Homes, command.Items, ct) is not { } figures)
                return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            var version = await NextVersionAsync(session, a.Id, DocumentKind.GrantReport, ct);
            return Send(session, corporation, a, Submitting.Submitting.Report(a, command, figures, Guid.CreateVersion7(), version, Today(), user, clock.GetUtcNow()));
        }, ct);

    public Task<CommandResult<long>> ClaimAsync(TenantInfo corporation, string user, Guid id, CancellationToken ct) =>
        CorporationStepAsync(corporation, user, id, null, (object?)null, async (a, session) =>
        {
            var version = await NextVersionAsync(session, a.Id, DocumentKind.GrantClaim, ct);
            return Send(session, corporation, a, Submitting.Submitting.Claim(a, Guid.CreateVersion7(), version, user, clock.GetUtcNow()));
        }, ct);

    /// Writes the grant event, the submission's own stream and its outbox message into one session.
    private Decision<object> Send(IDocumentSession session, TenantInfo corporation, GrantApplication a, Decision<GrantDocumentSent> decision)
    {
        if (!decision.IsAccepted) return Decision<object>.Refuse(decision.Field!, decision.MessageKey!);
        var sentEvent = decision.Event!;
        var now = sentEvent.At;
        var sent = new SubmissionSent(sentEvent.SubmissionId, a.Municipality, a.MunicipalityName, sentEvent.Kind, a.Programme.FiscalYear, sentEvent.Version,
            sentEvent.By, now, new SubmissionContent([]) { Grant = sentEvent.Document }, GrantApplication.DocumentKey(a.Id, sentEvent.Kind));
        session.Events.StartStream<SentSubmission>(sentEvent.SubmissionId, sent);
        session.Store(new OutboxMessage
        {
            Id = Guid.CreateVersion7(), Target = a.Municipality, Kind = OutboxKind.Submission, SubmissionId = sentEvent.SubmissionId,
            Payload = JsonSerializer.Serialize(sent, SubmissionDelivery.Json), CreatedAt = now, NextAttemptAt = now,
        });
        _ = corporation;
        return Decision<object>.Accept(sentEvent);
    }

    private static async Task<int> NextVersionAsync(IDocumentSession session, Guid applicationId, DocumentKind kind, CancellationToken ct)
    {
        var key = GrantApplication.DocumentKey(applicationId, kind);
        var versions = await session.Query<SentSubmission>().Where(s => s.Document == key).Select(s => s.DocumentVersion).ToListAsync(ct);
        return versions.Count == 0 ? 1 : versions.Max() + 1;
    }

    private async Task<CommandResult<long>> CorporationStepAsync<TCommand>(TenantInfo corporation, string user, Guid id, long? expectedVersion, TCommand command,
        Func<GrantApplication, IDocumentSession, Task<Decision<object>>> decide, CancellationToken ct)
    {
        if (corporation.Kind != TenantKind.Corporation || id == Guid.Empty) return NotFound<long>();
        if (command is not null && await ValidateAsync(command, ct) is { } invalid) return CommandResult<long>.Invalid(invalid);
        await using var session = stores.OpenSession(corporation);
        session.LastModifiedBy = user;
        try
        {
            var stream = expectedVersion is { } v
                ? await session.Events.FetchForWriting<GrantApplication>(id, v, ct)
                : await session.Events.FetchForWriting<GrantApplication>(id, ct);
            if (stream.Aggregate is not { } application) return NotFound<long>();
            var decision = await decide(application, session);
            if (!decision.IsAccepted) return Invalid<long>(decision.Field!, decision.MessageKey!);
            stream.AppendOne(decision.Event!);
            await session.SaveChangesAsync(ct);
            if (decision.Event is GrantDocumentSent) await signal.PendingAsync(corporation);
            return CommandResult<long>.Ok((stream.StartingVersion ?? 0) + 1);
        }
        catch (Exception e) when (e is ConcurrencyException || IsUniqueViolation(e))
        {
            return CommandResult<long>.Conflict(text["Grants.Error.Concurrent"]);
        }
    }

    // ---- municipality ----

    public Task<CommandResult<long>> AssignAsync(TenantInfo municipality, string user, Guid id, AssignGrantReviewer command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Reviewing.Reviewing.Assign(c, command, user, clock.GetUtcNow())), ct);

    public Task<CommandResult<long>> CommentAsync(TenantInfo municipality, string user, Guid id, CommentGrant command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Reviewing.Reviewing.Comment(c, command, user, clock.GetUtcNow())), ct);

    public Task<CommandResult<long>> ReturnAsync(TenantInfo municipality, string user, Guid id, ReturnGrant command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Reviewing.Reviewing.Return(c, command, user, clock.GetUtcNow())), ct);

    public Task<CommandResult<long>> DecideAsync(TenantInfo municipality, string user, Guid id, DecideGrant command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, async (c, session) =>
        {
            if (await EngineAsync(municipality.Jurisdiction, c, ct) is not { } compute) return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            return Deciding.Deciding.Decide(c, command, compute, await BudgetLeftAsync(session, c, ct), user, clock.GetUtcNow());
        }, ct);

    public Task<CommandResult<long>> ApproveChangeAsync(TenantInfo municipality, string user, Guid id, ApproveChange command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, async (c, session) =>
        {
            if (await EngineAsync(municipality.Jurisdiction, c, ct) is not { } compute) return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            return Deciding.Deciding.Change(c, command, compute, await BudgetLeftAsync(session, c, ct), user, clock.GetUtcNow());
        }, ct);

    public Task<CommandResult<long>> FixAsync(TenantInfo municipality, string user, Guid id, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, (object?)null, async (c, _) =>
        {
            if (await EngineAsync(municipality.Jurisdiction, c, ct) is not { } compute) return Decision<object>.Refuse("programme", "Grants.Error.NoTableInForce");
            return Settling.Settling.Fix(c, compute, user, clock.GetUtcNow());
        }, ct);

    public Task<CommandResult<long>> PayAsync(TenantInfo municipality, string user, Guid id, RecordPayment command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Settling.Settling.Pay(c, command, user, clock.GetUtcNow())), ct);

    public Task<CommandResult<long>> CancelAsync(TenantInfo municipality, string user, Guid id, CancelGrant command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Settling.Settling.Cancel(c, command, user, clock.GetUtcNow())), ct);

    public Task<CommandResult<long>> RepayAsync(TenantInfo municipality, string user, Guid id, RecordRepayment command, CancellationToken ct) =>
        MunicipalStepAsync(municipality, user, id, command, (c, _) => Task.FromResult(Settling.Settling.Repay(c, command, user, clock.GetUtcNow())), ct);

    /// Runs one municipal step and queues it for the corporation with its stream version (for ordering at the receiver).
    private async Task<CommandResult<long>> MunicipalStepAsync<TCommand>(TenantInfo municipality, string user, Guid id, TCommand command,
        Func<GrantCase, IDocumentSession, Task<Decision<object>>> decide, CancellationToken ct)
    {
        if (municipality.Kind != TenantKind.Municipality || id == Guid.Empty) return NotFound<long>();
        if (command is not null && await ValidateAsync(command, ct) is { } invalid) return CommandResult<long>.Invalid(invalid);
        await using var session = stores.OpenSession(municipality);
        session.LastModifiedBy = user;
        try
        {
            var stream = await session.Events.FetchForWriting<GrantCase>(id, ct);
            if (stream.Aggregate is not { } grantCase) return NotFound<long>();
            var decision = await decide(grantCase, session);
            if (!decision.IsAccepted) return Invalid<long>(decision.Field!, decision.MessageKey!);
            stream.AppendOne(decision.Event!);
            var sequence = (stream.StartingVersion ?? 0) + 1;
            var now = clock.GetUtcNow();
            session.Store(new OutboxMessage
            {
                Id = Guid.CreateVersion7(), Target = grantCase.Corporation, Kind = OutboxKind.GrantUpdate, SubmissionId = id,
                Payload = JsonSerializer.Serialize(new GrantUpdate(id, sequence, GrantCase.StepOf(decision.Event!, grantCase.ApplyAny(decision.Event!))), SubmissionDelivery.Json),
                CreatedAt = now, NextAttemptAt = now,
            });
            await session.SaveChangesAsync(ct);
            await signal.PendingAsync(municipality);
            return CommandResult<long>.Ok(sequence);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<long>.Conflict(text["Grants.Error.Concurrent"]);
        }
    }

    /// What the programme has not yet committed to other applications (null: no budget set).
    private static async Task<long?> BudgetLeftAsync(IDocumentSession session, GrantCase c, CancellationToken ct)
    {
        if (c.Programme.BudgetYen <= 0) return null;
        var cases = await session.Query<GrantCase>().Where(x => x.ProgrammeKey == c.ProgrammeKey).ToListAsync(ct);
        return c.Programme.BudgetYen - cases.Where(x => x.Id != c.Id && x.Programme.FiscalYear == c.Programme.FiscalYear).Sum(x => x.CommittedYen);
    }

    // ---- the engine ----

    private async Task<Func<IReadOnlyList<GrantItem>, GrantFigures>?> EngineAsync(string jurisdiction, GrantCase c, CancellationToken ct)
    {
        var table = await tables.InForceAsync(jurisdiction, new DateOnly(c.Programme.FiscalYear, 4, 1), ct);
        return table is null ? null : items => GrantCalculation.Compute(c.Programme, c.Application.Homes, items, table);
    }

    public async Task<GrantFigures?> ComputeAsync(string jurisdiction, GrantProgramme programme, int homes, IReadOnlyList<GrantItem> items, CancellationToken ct)
    {
        var table = await tables.InForceAsync(jurisdiction, new DateOnly(programme.FiscalYear, 4, 1), ct);
        return table is null ? null : GrantCalculation.Compute(programme, homes, items, table);
    }

    // ---- helpers ----

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private async Task<TenantInfo?> MunicipalityOfAsync(TenantInfo corporation, CancellationToken ct) =>
        (await registry.ListAsync(ct)).FirstOrDefault(t =>
            t.Kind == TenantKind.Municipality && t.Status == TenantStatus.Active && t.Jurisdiction == corporation.Jurisdiction);

    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateAsync<TCommand>(TCommand command, CancellationToken ct)
    {
        if (services.GetService(typeof(IValidator<TCommand>)) is not IValidator<TCommand> validator) return null;
        return GrantValidation.ErrorsOf(await validator.ValidateAsync(command, ct), text);
    }

    private CommandResult<T> NotFound<T>() => CommandResult<T>.NotFound(text["Grants.Error.NotFound"]);

    private CommandResult<T> Invalid<T>(string field, string key) =>
        CommandResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [text[key]] });

    private static bool IsUniqueViolation(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation }) return true;
        return false;
    }
}
