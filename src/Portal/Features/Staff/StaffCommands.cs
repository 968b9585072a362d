using FluentValidation;
using FluentValidation.Results;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff.Assigning;
using Hidamari.Portal.Features.Staff.ChangingEmployment;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Features.Staff.Leaving;
using Hidamari.Portal.Features.Staff.Qualifying;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff;

/// <summary>
/// Runs staff commands for the API, the pages, the import and the demo data alike: validate, load the stream,
/// decide, append, save. Nothing is stored unless every check passes; a concurrent change is refused (409).
/// </summary>
public sealed class StaffCommands(
    TenantStores stores,
    FacilityQueries facilities,
    IValidator<HireStaffMember> hireValidator,
    IValidator<AssignStaffMember> assignValidator,
    IValidator<ChangeEmployment> employmentValidator,
    IValidator<RecordQualification> qualificationValidator,
    IValidator<RecordDeparture> departureValidator,
    IValidator<RecordStaffingInputs> inputsValidator,
    IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> HireAsync(TenantInfo tenant, string user, HireStaffMember command, CancellationToken ct)
    {
        var validation = await hireValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        if (AssigningStaffMember.PlaceCheck(command.FacilityId, command.GroupHomeId, (await facilities.ListAsync(tenant, ct)).Facilities) is { } place)
            return Refused<Guid>(place.Field, place.Key);

        var id = Guid.CreateVersion7();
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        session.Events.StartStream<StaffRecord>(id, HiringStaffMember.Decide(id, command));
        await session.SaveChangesAsync(ct);
        return CommandResult<Guid>.Ok(id);
    }

    public async Task<CommandResult<Guid>> AssignAsync(TenantInfo tenant, string user, Guid staffId, AssignStaffMember command, CancellationToken ct)
    {
        var validation = await assignValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        var list = (await facilities.ListAsync(tenant, ct)).Facilities;
        return await DecideAsync(tenant, user, staffId, command.ExpectedVersion, current => AssigningStaffMember.Decide(current, command, list), ct);
    }

    public async Task<CommandResult<Guid>> ChangeEmploymentAsync(TenantInfo tenant, string user, Guid staffId, ChangeEmployment command, CancellationToken ct)
    {
        var validation = await employmentValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        return await DecideAsync(tenant, user, staffId, command.ExpectedVersion, current => ChangingEmployment.ChangingEmployment.Decide(current, command), ct);
    }

    public async Task<CommandResult<Guid>> RecordQualificationAsync(TenantInfo tenant, string user, Guid staffId, RecordQualification command, CancellationToken ct)
    {
        var validation = await qualificationValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        var qualificationId = Guid.CreateVersion7();
        var result = await DecideAsync(tenant, user, staffId, command.ExpectedVersion,
            current => Decision<QualificationRecorded>.Accept(RecordingQualification.Decide(current, qualificationId, command)), ct);
        return result.Succeeded ? CommandResult<Guid>.Ok(qualificationId) : result;
    }

    public async Task<CommandResult<Guid>> RecordDepartureAsync(TenantInfo tenant, string user, Guid staffId, RecordDeparture command, CancellationToken ct)
    {
        var validation = await departureValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        return await DecideAsync(tenant, user, staffId, command.ExpectedVersion, current => RecordingDeparture.Decide(current, command), ct);
    }

    public async Task<CommandResult<Guid>> RecordInputsAsync(TenantInfo tenant, string user, Guid facilityId, RecordStaffingInputs command, CancellationToken ct)
    {
        var validation = await inputsValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid<Guid>(validation);
        if (await facilities.FindAsync(tenant, facilityId, ct) is null) return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);

        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        var streamId = FacilityStaffingInputs.StreamIdFor(facilityId);
        try
        {
            var stream = await session.Events.FetchForWriting<FacilityStaffingInputs>(streamId, ct);
            stream.AppendOne(RecordingStaffingInputs.Decide(facilityId, command));
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(facilityId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.StaffChangedConcurrently"]);
        }
    }

    /// Stores several new staff members in one transaction: all of them or none.
    internal async Task<IReadOnlyList<Guid>> HireAllAsync(TenantInfo tenant, string user, IReadOnlyList<(HireStaffMember Hire, IReadOnlyList<RecordQualification> Qualifications)> rows, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        var ids = new List<Guid>();
        foreach (var (hire, qualifications) in rows)
        {
            var id = Guid.CreateVersion7();
            var events = HiringStaffMember.Decide(id, hire).ToList();
            var hired = StaffRecord.Create((StaffMemberHired)events[0]);
            events.AddRange(qualifications.Select(q => RecordingQualification.Decide(hired, Guid.CreateVersion7(), q)));
            session.Events.StartStream<StaffRecord>(id, events);
            ids.Add(id);
        }
        await session.SaveChangesAsync(ct);
        return ids;
    }

    private async Task<CommandResult<Guid>> DecideAsync<TEvent>(
        TenantInfo tenant, string user, Guid staffId, long? expectedVersion, Func<StaffRecord, Decision<TEvent>> decide, CancellationToken ct)
        where TEvent : notnull
    {
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<StaffRecord>(staffId, expected, ct)
                : await session.Events.FetchForWriting<StaffRecord>(staffId, ct);
            if (stream.Aggregate is null) return CommandResult<Guid>.NotFound(text["Error.StaffNotFound"]);
            var decision = decide(stream.Aggregate);
            if (!decision.IsAccepted) return Refused<Guid>(decision.Field!, decision.MessageKey!);
            stream.AppendOne(decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(staffId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.StaffChangedConcurrently"]);
        }
    }

    private CommandResult<T> Refused<T>(string field, string key) =>
        CommandResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [text[key]] });

    private static CommandResult<T> Invalid<T>(ValidationResult validation) =>
        CommandResult<T>.Invalid(validation.ToDictionary().AsReadOnly());
}
