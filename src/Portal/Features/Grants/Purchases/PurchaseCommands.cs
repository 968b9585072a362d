using FluentValidation;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using JasperFx;
using Marten;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants.Purchases;

/// <summary>
/// Runs equipment-list commands for the API and the pages: validate, check the group home, load the list's stream,
/// decide (pure), append, save. Nothing is stored unless every check passes; a stale version is refused (409).
/// </summary>
public sealed class PurchaseCommands(
    TenantStores stores,
    FacilityQueries facilities,
    IValidator<RecordEquipmentPurchase> recordValidator,
    IValidator<MarkEquipmentPurchased> markValidator,
    IValidator<RemoveEquipmentPurchase> removeValidator,
    IValidator<ChangeEquipmentPurpose> purposeValidator,
    IStringLocalizer<SharedResource> text)
{
    public async Task<CommandResult<Guid>> RecordAsync(TenantInfo tenant, string user, RecordEquipmentPurchase command, CancellationToken ct)
    {
        if (tenant.Kind != TenantKind.Corporation) return CommandResult<Guid>.NotFound(text["Grants.Error.PurchaseNotFound"]);
        if (await ValidateAsync(recordValidator, command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        var groupHomes = (await facilities.ListAsync(tenant, ct)).Facilities.SelectMany(f => f.GroupHomes);
        var listId = EquipmentList.StreamIdFor(command.GroupHomeId);
        var purchaseId = Guid.CreateVersion7();
        var decision = PurchaseDecisions.Record(listId, purchaseId, groupHomes.Any(g => g.Id == command.GroupHomeId), command);
        if (!decision.IsAccepted) return Invalid<Guid>(decision.Field!, decision.MessageKey!);
        return await AppendAsync(tenant, user, listId, command.ExpectedVersion, _ => decision.Event!, purchaseId, ct);
    }

    public async Task<CommandResult<Guid>> MarkPurchasedAsync(TenantInfo tenant, string user, Guid groupHomeId, Guid purchaseId, MarkEquipmentPurchased command, CancellationToken ct)
    {
        if (await ValidateAsync(markValidator, command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        return await ChangeAsync(tenant, user, groupHomeId, command.ExpectedVersion, list => PurchaseDecisions.MarkPurchased(list, purchaseId, command).Untyped(), purchaseId, ct);
    }

    public async Task<CommandResult<Guid>> RemoveAsync(TenantInfo tenant, string user, Guid groupHomeId, Guid purchaseId, RemoveEquipmentPurchase command, CancellationToken ct)
    {
        if (await ValidateAsync(removeValidator, command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        return await ChangeAsync(tenant, user, groupHomeId, command.ExpectedVersion, list => PurchaseDecisions.Remove(list, purchaseId, command).Untyped(), purchaseId, ct);
    }

    public async Task<CommandResult<Guid>> ChangePurposeAsync(TenantInfo tenant, string user, Guid groupHomeId, Guid purchaseId, ChangeEquipmentPurpose command, CancellationToken ct)
    {
        if (await ValidateAsync(purposeValidator, command, ct) is { } invalid) return CommandResult<Guid>.Invalid(invalid);
        return await ChangeAsync(tenant, user, groupHomeId, command.ExpectedVersion, list => PurchaseDecisions.ChangePurpose(list, purchaseId, command).Untyped(), purchaseId, ct);
    }

    private async Task<CommandResult<Guid>> ChangeAsync(TenantInfo tenant, string user, Guid groupHomeId, long? expectedVersion,
        Func<EquipmentList, Decision<object>> decide, Guid purchaseId, CancellationToken ct)
    {
        if (tenant.Kind != TenantKind.Corporation || groupHomeId == Guid.Empty) return CommandResult<Guid>.NotFound(text["Grants.Error.PurchaseNotFound"]);
        Decision<object>? refused = null;
        var result = await AppendAsync(tenant, user, EquipmentList.StreamIdFor(groupHomeId), expectedVersion, list =>
        {
            if (list is null) { refused = Decision<object>.Refuse("purchaseId", "Grants.Error.PurchaseNotFound"); return null; }
            var d = decide(list);
            if (!d.IsAccepted) { refused = d; return null; }
            return d.Event;
        }, purchaseId, ct);
        if (refused is { } r)
            return r.MessageKey == "Grants.Error.PurchaseNotFound"
                ? CommandResult<Guid>.NotFound(text[r.MessageKey])
                : Invalid<Guid>(r.Field!, r.MessageKey!);
        return result;
    }

    /// Loads the list for writing (at the expected version when given), appends what the decision returns, saves.
    private async Task<CommandResult<Guid>> AppendAsync(TenantInfo tenant, string user, Guid listId, long? expectedVersion,
        Func<EquipmentList?, object?> decide, Guid purchaseId, CancellationToken ct)
    {
        await using var session = stores.OpenSession(tenant);
        session.LastModifiedBy = user;
        try
        {
            var stream = expectedVersion is { } v
                ? await session.Events.FetchForWriting<EquipmentList>(listId, v, ct)
                : await session.Events.FetchForWriting<EquipmentList>(listId, ct);
            if (decide(stream.Aggregate) is not { } e) return CommandResult<Guid>.Ok(Guid.Empty);
            stream.AppendOne(e);
            await session.SaveChangesAsync(ct);
            return CommandResult<Guid>.Ok(purchaseId);
        }
        catch (ConcurrencyException)
        {
            return CommandResult<Guid>.Conflict(text["Grants.Error.Concurrent"]);
        }
    }

    private async Task<IReadOnlyDictionary<string, string[]>?> ValidateAsync<T>(IValidator<T> validator, T command, CancellationToken ct) =>
        GrantValidation.ErrorsOf(await validator.ValidateAsync(command, ct), text);

    private CommandResult<T> Invalid<T>(string field, string key) =>
        CommandResult<T>.Invalid(new Dictionary<string, string[]> { [field] = [text[key]] });
}
