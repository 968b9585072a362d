using System.Collections.ObjectModel;
using FluentValidation;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
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
    IStringLocalizer<SharedResource> text)
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
            var stream = command.ExpectedVersion is { } expected
                ? await session.Events.FetchForWriting<Facility>(facilityId, expected, ct)
                : await session.Events.FetchForWriting<Facility>(facilityId, ct);
            if (stream.Aggregate is null) return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);

            var groupHomeId = Guid.CreateVersion7();
            var decision = OpeningGroupHome.OpeningGroupHome.Decide(stream.Aggregate, groupHomeId, command);
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
}
