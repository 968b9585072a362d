using FluentValidation;
using FluentValidation.Results;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Training;

public sealed class TrainingCommands(
    TenantStores stores,
    StaffQueries staff,
    IValidator<CreateCourse> createValidator,
    IValidator<RecordSession> sessionValidator,
    IValidator<PlanTraining> planValidator,
    IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> CreateCourseAsync(TenantInfo tenant, string user, CreateCourse command, CancellationToken ct)
    {
        var validation = await createValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid(validation);
        var id = Guid.CreateVersion7();
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        session.Events.StartStream<TrainingCourse>(id, TrainingDecisions.Create(id, command));
        await session.SaveChangesAsync(ct);
        return CommandResult<Guid>.Ok(id);
    }

    public async Task<CommandResult<Guid>> RecordSessionAsync(TenantInfo tenant, string user, Guid courseId, RecordSession command, CancellationToken ct)
    {
        var validation = await sessionValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid(validation);
        var everyone = await staff.AllAsync(tenant, ct);
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var stream = command.ExpectedVersion is { } expected
                ? await session.Events.FetchForWriting<TrainingCourse>(courseId, expected, ct)
                : await session.Events.FetchForWriting<TrainingCourse>(courseId, ct);
            if (stream.Aggregate is null) return CommandResult<Guid>.NotFound(text["Error.CourseNotFound"]);
            var sessionId = Guid.CreateVersion7();
            var decision = TrainingDecisions.Record(stream.Aggregate, sessionId, command, everyone.ToList());
            if (!decision.IsAccepted)
                return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { [decision.Field!] = [text[decision.MessageKey!]] });
            stream.AppendOne(decision.Event!);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(sessionId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.StaffChangedConcurrently"]);
        }
    }

    public async Task<CommandResult<Guid>> PlanAsync(TenantInfo tenant, string user, int fiscalYear, PlanTraining command, CancellationToken ct)
    {
        var validation = await planValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return Invalid(validation);
        if (!Dates.IsPlausible(JapaneseDates.FiscalYearStart(Math.Clamp(fiscalYear, 1, 9998))))
            return CommandResult<Guid>.Invalid(new Dictionary<string, string[]> { ["FiscalYear"] = [text["Validation.DatePlausible"]] });
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        if (await session.LoadAsync<TrainingCourse>(command.CourseId, ct) is null) return CommandResult<Guid>.NotFound(text["Error.CourseNotFound"]);
        var planId = TrainingPlan.StreamIdFor(fiscalYear);
        try
        {
            var stream = await session.Events.FetchForWriting<TrainingPlan>(planId, ct);
            stream.AppendOne(new TrainingPlanned(planId, fiscalYear, command.CourseId, command.PlannedParticipants, command.Budget));
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(planId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Error.StaffChangedConcurrently"]);
        }
    }

    private static CommandResult<Guid> Invalid(ValidationResult validation) => CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());
}
