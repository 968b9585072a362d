using FluentValidation;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Plans;

/// Records plan changes: validate, check the facility exists in this tenant, append to the plan stream.
public sealed class PlanCommands(
    TenantStores stores, IValidator<SetPlanYear> validator, IValidator<SetPlanSteps> stepsValidator, IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> SetStepsAsync(TenantInfo tenant, string user, SetPlanSteps command, CancellationToken ct)
    {
        var validation = await stepsValidator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());
        return await AppendAsync(tenant, user, command.FacilityId, null, new PlanStepsSet(command.FacilityId, command.FiscalYear, command.Steps), ct);
    }

    public async Task<CommandResult<Guid>> SetYearAsync(TenantInfo tenant, string user, SetPlanYear command, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(command, ct);
        if (!validation.IsValid) return CommandResult<Guid>.Invalid(validation.ToDictionary().AsReadOnly());
        return await AppendAsync(tenant, user, command.FacilityId, command.ExpectedVersion,
            new PlanYearSet(command.FacilityId, command.FiscalYear, command.Figures, string.IsNullOrWhiteSpace(command.Steps) ? null : command.Steps.Trim()), ct);
    }

    public Task<CommandResult<Guid>> RemoveYearAsync(TenantInfo tenant, string user, Guid facilityId, int fiscalYear, CancellationToken ct) =>
        AppendAsync(tenant, user, facilityId, null, new PlanYearRemoved(facilityId, fiscalYear), ct);

    /// Replaces a facility's plan with already validated years (see <see cref="ImportExport.PlanSheet"/>).
    public Task<CommandResult<Guid>> ImportAsync(TenantInfo tenant, string user, Guid facilityId, IReadOnlyList<PlanYear> years, string fileName, CancellationToken ct) =>
        AppendAsync(tenant, user, facilityId, null, new PlanImported(facilityId, years, fileName), ct);

    private async Task<CommandResult<Guid>> AppendAsync(TenantInfo tenant, string user, Guid facilityId, long? expectedVersion, object e, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        if (await session.LoadAsync<FacilityOverview>(facilityId, ct) is null)
            return CommandResult<Guid>.NotFound(text["Error.FacilityNotFound"]);
        try
        {
            var stream = expectedVersion is { } expected
                ? await session.Events.FetchForWriting<DecentralizationPlan>(DecentralizationPlan.StreamId, expected, ct)
                : await session.Events.FetchForWriting<DecentralizationPlan>(DecentralizationPlan.StreamId, ct);
            stream.AppendOne(e);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(facilityId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Plans.Error.ChangedConcurrently"]);
        }
    }
}
