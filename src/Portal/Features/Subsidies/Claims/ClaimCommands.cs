using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Claims.Adjusting;
using Hidamari.Portal.Features.Subsidies.Claims.Correcting;
using Hidamari.Portal.Features.Subsidies.Claims.Locking;
using Hidamari.Portal.Features.Subsidies.Claims.Preparing;
using Hidamari.Portal.Features.Subsidies.Claims.Recalculating;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims;

/// <summary>
/// Claim commands for the API and the finance page: validate, load, decide, append, save. The statement comes
/// from the pure engine via <see cref="SubsidyEstimates"/>; a concurrent change to the same claim is refused.
/// </summary>
public sealed class ClaimCommands(
    TenantStores stores,
    SubsidyEstimates estimates,
    IValidator<PrepareClaim> prepareValidator,
    IValidator<AdjustClaimLine> adjustValidator,
    IValidator<CorrectClaim> correctValidator,
    IValidator<RecalculateClaim> recalculateValidator,
    IStringLocalizer<SharedResource> text,
    TimeProvider clock)
{
    public async Task<CommandResult<Guid>> PrepareAsync(TenantInfo tenant, string user, PrepareClaim command, CancellationToken ct)
    {
        var validation = await prepareValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        var estimate = await estimates.EstimateAsync(tenant, new EstimateRequest(command.Month, FacilityId: command.FacilityId, Figures: command.Figures), ct);
        if (estimate.Value is not { } statement) return Failure(estimate.Failure);
        var input = await estimates.StateForAsync(tenant, command.FacilityId, command.Figures, command.Month, ct);
        var decision = PreparingClaim.Decide(command.FacilityId, command.Month, input!, command.Figures, statement, user, clock.GetUtcNow());

        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        if (await session.Events.FetchStreamStateAsync(decision.Event!.ClaimId, ct) is not null)
            return CommandResult<Guid>.Conflict(text["Claims.Error.AlreadyPrepared"]);
        session.Events.StartStream<Claim>(decision.Event!.ClaimId, decision.Event);
        return await SaveAsync(session, decision.Event.ClaimId, ct);
    }

    public Task<CommandResult<Guid>> AdjustAsync(TenantInfo tenant, string user, Guid claimId, AdjustClaimLine command, CancellationToken ct) =>
        ChangeAsync(tenant, user, claimId, command.ExpectedVersion, async () =>
        {
            var validation = await adjustValidator.ValidateAsync(command, ct);
            return validation.IsValid ? null : validation.ToDictionary().AsReadOnly();
        }, claim => AdjustingClaimLine.Decide(claim, command, user, clock.GetUtcNow()).Map(), ct);

    public Task<CommandResult<Guid>> LockAsync(TenantInfo tenant, string user, Guid claimId, LockClaim command, CancellationToken ct) =>
        ChangeAsync(tenant, user, claimId, command.ExpectedVersion, () => Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null),
            claim => LockingClaim.Decide(claim, user, clock.GetUtcNow()).Map(), ct);

    public async Task<CommandResult<Guid>> RecalculateAsync(TenantInfo tenant, string user, Guid claimId, RecalculateClaim command, CancellationToken ct)
    {
        var validation = await recalculateValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());
        Claim? draft;
        await using (var query = stores.QuerySession(tenant))
            draft = await query.LoadAsync<Claim>(claimId, ct);
        if (draft is null) return CommandResult<Guid>.NotFound(text["Claims.Error.NotFound"]);

        var figures = command.Figures ?? draft.Figures;
        var estimate = await estimates.EstimateAsync(tenant, new EstimateRequest(draft.Month, FacilityId: draft.FacilityId, Figures: figures), ct);
        if (estimate.Value is not { } statement) return Failure(estimate.Failure);
        var input = await estimates.StateForAsync(tenant, draft.FacilityId, figures, draft.Month, ct);
        return await ChangeAsync(tenant, user, claimId, command.ExpectedVersion ?? draft.Version,
            () => Task.FromResult<IReadOnlyDictionary<string, string[]>?>(null),
            claim => RecalculatingClaim.Decide(claim, input!, figures, statement, user, clock.GetUtcNow()).Map(), ct);
    }

    public async Task<CommandResult<Guid>> CorrectAsync(TenantInfo tenant, string user, Guid claimId, CorrectClaim command, CancellationToken ct)
    {
        var validation = await correctValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        Claim? previous;
        await using (var query = stores.QuerySession(tenant))
            previous = await query.LoadAsync<Claim>(claimId, ct);
        if (previous is null) return CommandResult<Guid>.NotFound(text["Claims.Error.NotFound"]);

        var figures = command.Figures ?? previous.Figures;
        var estimate = await estimates.EstimateAsync(tenant, new EstimateRequest(previous.Month, FacilityId: previous.FacilityId, Figures: figures), ct);
        if (estimate.Value is not { } statement) return Failure(estimate.Failure);
        var input = await estimates.StateForAsync(tenant, previous.FacilityId, figures, previous.Month, ct);
        var decision = CorrectingClaim.Decide(previous, input!, figures, statement, command.Reason, user, clock.GetUtcNow());
        if (!decision.IsAccepted) return Refused(decision.Field!, decision.MessageKey!);

        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        // The next version's id is fixed by the series: a second correction of the same version collides here.
        if (await session.Events.FetchStreamStateAsync(decision.Event!.ClaimId, ct) is not null)
            return CommandResult<Guid>.Conflict(text["Claims.Error.AlreadyCorrected"]);
        session.Events.StartStream<Claim>(decision.Event.ClaimId, decision.Event);
        return await SaveAsync(session, decision.Event.ClaimId, ct);
    }

    private async Task<CommandResult<Guid>> ChangeAsync(
        TenantInfo tenant, string user, Guid claimId, long? expectedVersion,
        Func<Task<IReadOnlyDictionary<string, string[]>?>> validate, Func<Claim, (object? Event, string? Field, string? Key)> decide, CancellationToken ct)
    {
        if (await validate() is { } errors) return CommandResult<Guid>.Invalid(errors);
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<Claim>(claimId, expected, ct)
                : await session.Events.FetchForWriting<Claim>(claimId, ct);
            if (stream.Aggregate is null) return CommandResult<Guid>.NotFound(text["Claims.Error.NotFound"]);
            var (e, field, key) = decide(stream.Aggregate);
            if (e is null) return Refused(field!, key!);
            stream.AppendOne(e);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(claimId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Claims.Error.ChangedConcurrently"]);
        }
    }

    private async Task<CommandResult<Guid>> SaveAsync(IDocumentSession session, Guid id, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(id);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException or ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Claims.Error.ChangedConcurrently"]);
        }
    }

    private CommandResult<Guid> Refused(string field, string key) =>
        field == "Claim"
            ? CommandResult<Guid>.Conflict(text[key])
            : CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [field] = [text[key]] });

    private CommandResult<Guid> Failure(EstimateFailure failure) => failure == EstimateFailure.FacilityNotFound
        ? CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"])
        : CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { ["Month"] = [text[$"Subsidies.Failure.{failure}"]] });
}

internal static class DecisionTuples
{
    public static (object? Event, string? Field, string? Key) Map<T>(this Decision<T> decision) where T : class =>
        (decision.Event, decision.Field, decision.MessageKey);
}
