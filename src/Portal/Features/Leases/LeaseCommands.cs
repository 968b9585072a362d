using FluentValidation;
using FluentValidation.Results;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Leases.Correcting;
using Hidamari.Portal.Features.Leases.Documents;
using Hidamari.Portal.Features.Leases.Renewing;
using Hidamari.Portal.Features.Leases.RevisingRent;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Features.Leases.Terminating;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases;

/// <summary>
/// Runs lease commands for the API, the pages and the demo data alike: validate, load the lease, decide, append,
/// save. Nothing is stored unless every check passes; a concurrent change to the same lease is refused (409).
/// </summary>
public sealed class LeaseCommands(
    TenantStores stores,
    FacilityQueries facilities,
    IValidator<SignLease> signValidator,
    IValidator<ReviseRent> reviseValidator,
    IValidator<RenewLease> renewValidator,
    IValidator<TerminateLease> terminateValidator,
    IValidator<CorrectLease> correctValidator,
    IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> SignAsync(TenantInfo tenant, string user, SignLease command, CancellationToken ct)
    {
        var validation = await signValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);

        var groupHomes = (await facilities.ListAsync(tenant, ct)).Facilities.SelectMany(f => f.GroupHomes);
        if (!groupHomes.Any(g => g.Id == command.GroupHomeId))
            return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [nameof(SignLease.GroupHomeId)] = [text["Validation.Lease.GroupHomeRequired"]] });

        var id = Guid.CreateVersion7();
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        session.Events.StartStream<Lease>(id, SigningLease.Decide(id, command));
        await session.SaveChangesAsync(ct);
        return CommandResult<Guid>.Ok(id);
    }

    public async Task<CommandResult<Guid>> ReviseRentAsync(TenantInfo tenant, string user, Guid leaseId, ReviseRent command, CancellationToken ct) =>
        await ValidateThen(reviseValidator, command, () =>
            DecideAsync(tenant, user, leaseId, command.ExpectedVersion, lease => RevisingRent.RevisingRent.Decide(lease, command), ct), ct);

    public async Task<CommandResult<Guid>> RenewAsync(TenantInfo tenant, string user, Guid leaseId, RenewLease command, CancellationToken ct) =>
        await ValidateThen(renewValidator, command, () =>
            DecideAsync(tenant, user, leaseId, command.ExpectedVersion, lease => RenewingLease.Decide(lease, command), ct), ct);

    public async Task<CommandResult<Guid>> TerminateAsync(TenantInfo tenant, string user, Guid leaseId, TerminateLease command, CancellationToken ct) =>
        await ValidateThen(terminateValidator, command, () =>
            DecideAsync(tenant, user, leaseId, command.ExpectedVersion, lease => TerminatingLease.Decide(lease, command), ct), ct);

    public async Task<CommandResult<Guid>> CorrectAsync(TenantInfo tenant, string user, Guid leaseId, CorrectLease command, CancellationToken ct) =>
        await ValidateThen(correctValidator, command, () =>
            DecideAsync(tenant, user, leaseId, command.ExpectedVersion, lease => CorrectingLease.Decide(lease, command), ct), ct);

    /// <summary>
    /// Stores the file's bytes as a document and the event that names it in one session, so one transaction: an event
    /// is never recorded without its file, nor a file without its event. Returns the document id.
    /// </summary>
    public async Task<CommandResult<Guid>> AttachDocumentAsync(TenantInfo tenant, string user, Guid leaseId, AttachDocument command, CancellationToken ct)
    {
        var documentId = Guid.CreateVersion7();
        var result = await DecideAsync(tenant, user, leaseId, command.ExpectedVersion,
            lease => AttachingDocument.Decide(lease, documentId, command), ct,
            (session, e) => session.Store(new LeaseDocumentContent { Id = documentId, LeaseId = leaseId, ContentType = e.ContentType, Bytes = command.Content }));
        return result.Succeeded ? CommandResult<Guid>.Ok(documentId) : result;
    }

    private static async Task<CommandResult<Guid>> ValidateThen<T>(IValidator<T> validator, T command, Func<Task<CommandResult<Guid>>> then, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(command, ct);
        return validation.IsValid ? await then() : Invalid<Guid>(validation);
    }

    private async Task<CommandResult<Guid>> DecideAsync<TEvent>(
        TenantInfo tenant, string user, Guid leaseId, long? expectedVersion, Func<Lease, Decision<TEvent>> decide, CancellationToken ct,
        Action<IDocumentSession, TEvent>? alongside = null) where TEvent : class
    {
        // Marten refuses an empty Guid as a stream id (it would start a stream); no lease has it.
        if (leaseId == Guid.Empty) return CommandResult<Guid>.NotFound(text["Error.LeaseNotFound"]);
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<Lease>(leaseId, expected, ct)
                : await session.Events.FetchForWriting<Lease>(leaseId, ct);
            if (stream.Aggregate is null) return CommandResult<Guid>.NotFound(text["Error.LeaseNotFound"]);

            var decision = decide(stream.Aggregate);
            if (!decision.IsAccepted)
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!]] });

            stream.AppendOne(decision.Event!);
            alongside?.Invoke(session, decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(leaseId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.LeaseChangedConcurrently"]);
        }
    }

    /// Field names without the "Terms." prefix, so the API and the form name a field the same way.
    private static CommandResult<T> Invalid<T>(ValidationResult validation) =>
        CommandResult<T>.Invalid(validation.Errors
            .GroupBy(e => e.PropertyName.StartsWith("Terms.", StringComparison.Ordinal) ? e.PropertyName["Terms.".Length..] : e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray())
            .AsReadOnly());
}
