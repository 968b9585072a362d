using System.Collections.ObjectModel;
using FluentValidation;
using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.Closing;
using Hidamari.Portal.Features.Facilities.CountingResidents;
using Hidamari.Portal.Features.Facilities.MovingGroupHome;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.RecordingRoom;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using JasperFx.Events;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities;

/// <summary>
/// Runs facility commands for the API and the pages alike: validate, load the stream, decide, append, save.
/// Nothing is stored unless every check passes; a concurrent change to the same facility is refused.
/// </summary>
public sealed class FacilityCommands(
    TenantStores stores,
    IValidator<RegisterFacility> registerValidator,
    IValidator<OpenGroupHome> openValidator,
    IStringLocalizer<SharedResource> text,
    IServiceProvider services)
{
    public async Task<CommandResult<Guid>> RegisterAsync(TenantInfo tenant, string user, RegisterFacility command, CancellationToken ct)
    {
        var validation = await registerValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        var id = Guid.CreateVersion7();
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        session.Events.StartStream<Facility>(id, RegisteringFacility.Decide(id, command));
        await session.SaveChangesAsync(ct);
        return CommandResult<Guid>.Ok(id);
    }

    public async Task<CommandResult<Guid>> OpenGroupHomeAsync(
        TenantInfo tenant, string user, Guid facilityId, OpenGroupHome command, CancellationToken ct)
    {
        var validation = await openValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        // Marten refuses an empty Guid as a stream id (it would start a stream); no facility has it.
        if (facilityId == Guid.Empty) return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var (stream, facility) = await FetchAsync(session, facilityId, command.ExpectedVersion, ct);
            if (facility is null) return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);

            var groupHomeId = Guid.CreateVersion7();
            var decision = OpeningGroupHome.OpeningGroupHome.Decide(facility, groupHomeId, command);
            if (!decision.IsAccepted)
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!]] });

            stream.AppendOne(decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(groupHomeId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.FacilityChangedConcurrently"]);
        }
    }

    public Task<CommandResult<Guid>> AddLivingUnitAsync(TenantInfo tenant, string user, Guid facilityId, AddLivingUnit command, CancellationToken ct)
    {
        var unitId = Guid.CreateVersion7();
        return ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion,
            f => AddingLivingUnit.AddingLivingUnit.Decide(f, unitId, command), unitId, ct);
    }

    public Task<CommandResult<Guid>> ChangeLivingUnitCapacityAsync(
        TenantInfo tenant, string user, Guid facilityId, ChangeLivingUnitCapacity command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion,
            f => ChangingCapacity.ChangingCapacity.Decide(f, command), command.UnitId, ct);

    public Task<CommandResult<Guid>> ChangeGroupHomeCapacityAsync(
        TenantInfo tenant, string user, Guid facilityId, ChangeGroupHomeCapacity command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion,
            f => ChangingCapacity.ChangingCapacity.Decide(f, command), command.GroupHomeId, ct);

    public Task<CommandResult<Guid>> CloseLivingUnitAsync(TenantInfo tenant, string user, Guid facilityId, CloseLivingUnit command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion, f => Closing.Closing.Decide(f, command), command.UnitId, ct);

    public Task<CommandResult<Guid>> CloseGroupHomeAsync(TenantInfo tenant, string user, Guid facilityId, CloseGroupHome command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion, f => Closing.Closing.Decide(f, command), command.GroupHomeId, ct);

    public Task<CommandResult<Guid>> MoveGroupHomeAsync(TenantInfo tenant, string user, Guid facilityId, MoveGroupHome command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, command.ExpectedVersion,
            f => MovingGroupHome.MovingGroupHome.Decide(f, command), command.GroupHomeId, ct);

    public Task<CommandResult<Guid>> CountResidentsAsync(TenantInfo tenant, string user, Guid facilityId, CountResidents command, CancellationToken ct) =>
        ChangeAsync(tenant, user, facilityId, command, null, f => CountingResidents.CountingResidents.Decide(f, command), facilityId, ct);

    public Task<CommandResult<Guid>> RecordRoomAsync(TenantInfo tenant, string user, Guid facilityId, RecordRoom command, CancellationToken ct)
    {
        var roomId = command.RoomId ?? Guid.CreateVersion7();
        return ChangeAsync(tenant, user, facilityId, command, null, f => RecordingRoom.RecordingRoom.Decide(f, roomId, command), roomId, ct);
    }

    /// <summary>
    /// Loads a facility for a change, checking the version the caller saw (when given) at once and again on save.
    /// The write model is read from the facility's inline read model (<see cref="FacilityOverview"/>): one query for
    /// the stream version and the document, and, since the store keeps fetched aggregates in the session
    /// (<c>UseIdentityMapForAggregates</c>), the inline projection applies the new event to that same document on
    /// save instead of loading it again. Documents stored before they tracked closed places are replayed from events.
    /// </summary>
    private static async Task<(IEventStream<FacilityOverview> Stream, Facility? Facility)> FetchAsync(
        IDocumentSession session, Guid facilityId, long? expectedVersion, CancellationToken ct)
    {
        var stream = expectedVersion is { } expected
            ? await session.Events.FetchForWriting<FacilityOverview>(facilityId, expected, ct)
            : await session.Events.FetchForWriting<FacilityOverview>(facilityId, ct);
        if (stream.Aggregate is not { } overview) return (stream, null);
        var facility = Facility.From(overview)
            ?? Facility.From((await session.Events.FetchStreamAsync(facilityId, token: ct)).Select(e => e.Data).OfType<IFacilityEvent>());
        return (stream, facility);
    }

    /// The shape every change to an existing facility takes: validate, load (at the version the caller saw), decide, append.
    private async Task<CommandResult<Guid>> ChangeAsync<TCommand>(
        TenantInfo tenant, string user, Guid facilityId, TCommand command, long? expectedVersion,
        Func<Facility, Decision<IFacilityEvent>> decide, Guid resultId, CancellationToken ct)
    {
        var validation = await services.GetRequiredService<IValidator<TCommand>>().ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());

        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var (stream, facility) = await FetchAsync(session, facilityId, expectedVersion, ct);
            if (facility is null) return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);

            var decision = decide(facility);
            if (!decision.IsAccepted)
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!]] });

            stream.AppendOne(decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(resultId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.FacilityChangedConcurrently"]);
        }
    }
}
