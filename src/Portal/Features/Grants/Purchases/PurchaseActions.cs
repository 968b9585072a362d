using FluentValidation;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Grants.Purchases;

/// <summary>Add a line to a group home's equipment list, planned or already bought. <paramref name="Purpose"/> names an
/// <see cref="EquipmentPurpose"/> member ("General", "MultifunctionConversion", "EnvironmentImprovement"); none is General.</summary>
public sealed record RecordEquipmentPurchase(
    Guid GroupHomeId, string Item, int Quantity, long UnitPriceYen, DateOnly On, bool Purchased, string? Vendor = null, long? ExpectedVersion = null,
    string? Purpose = null);

/// Record that a planned line was bought.
public sealed record MarkEquipmentPurchased(DateOnly PurchasedOn, long UnitPriceYen, string? Vendor = null, long? ExpectedVersion = null);

/// Take a line off the list.
public sealed record RemoveEquipmentPurchase(string Reason, long? ExpectedVersion = null);

/// Change the purpose (用途) of a line, named as in <see cref="RecordEquipmentPurchase.Purpose"/>.
public sealed record ChangeEquipmentPurpose(string Purpose, long? ExpectedVersion = null);

public sealed class RecordEquipmentPurchaseValidator : AbstractValidator<RecordEquipmentPurchase>
{
    public const long MaxUnitPriceYen = 100_000_000;

    public RecordEquipmentPurchaseValidator()
    {
        RuleFor(c => c.GroupHomeId).NotEmpty().WithMessage("Grants.Error.GroupHomeRequired");
        RuleFor(c => c.Item).NotEmpty().WithMessage("Grants.Error.EquipmentItem").MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(c => c.Quantity).InclusiveBetween(1, 1_000).WithMessage("Grants.Error.Quantity");
        RuleFor(c => c.UnitPriceYen).InclusiveBetween(0, MaxUnitPriceYen).WithMessage("Grants.Error.Yen");
        RuleFor(c => c.On).Must(Dates.IsPlausible).WithMessage("Grants.Error.Date");
        RuleFor(c => c.Vendor).MaximumLength(200).WithMessage("Grants.Error.TooLong");
        RuleFor(c => c.Purpose).Must(EquipmentPurposes.IsKnown).WithMessage("Grants.Error.EquipmentPurpose");
    }
}

public sealed class ChangeEquipmentPurposeValidator : AbstractValidator<ChangeEquipmentPurpose>
{
    public ChangeEquipmentPurposeValidator()
    {
        RuleFor(c => c.Purpose).NotEmpty().WithMessage("Grants.Error.EquipmentPurpose")
            .Must(EquipmentPurposes.IsKnown).WithMessage("Grants.Error.EquipmentPurpose");
    }
}

public sealed class MarkEquipmentPurchasedValidator : AbstractValidator<MarkEquipmentPurchased>
{
    public MarkEquipmentPurchasedValidator()
    {
        RuleFor(c => c.UnitPriceYen).InclusiveBetween(0, RecordEquipmentPurchaseValidator.MaxUnitPriceYen).WithMessage("Grants.Error.Yen");
        RuleFor(c => c.PurchasedOn).Must(Dates.IsPlausible).WithMessage("Grants.Error.Date");
        RuleFor(c => c.Vendor).MaximumLength(200).WithMessage("Grants.Error.TooLong");
    }
}

public sealed class RemoveEquipmentPurchaseValidator : AbstractValidator<RemoveEquipmentPurchase>
{
    public RemoveEquipmentPurchaseValidator()
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage("Grants.Error.ReasonsRequired").MaximumLength(500).WithMessage("Grants.Error.TooLong");
    }
}

/// <summary>The pure decisions of the equipment list. A purchase is recorded for a group home the corporation has;
/// a bought line is bought once.</summary>
public static class PurchaseDecisions
{
    public static Decision<EquipmentPurchaseRecorded> Record(Guid listId, Guid purchaseId, bool groupHomeExists, RecordEquipmentPurchase c)
    {
        if (!groupHomeExists) return Decision<EquipmentPurchaseRecorded>.Refuse("groupHomeId", "Grants.Error.GroupHomeNotFound");
        if (!EquipmentPurposes.TryParse(c.Purpose, out var purpose)) return Decision<EquipmentPurchaseRecorded>.Refuse("purpose", "Grants.Error.EquipmentPurpose");
        return Decision<EquipmentPurchaseRecorded>.Accept(new EquipmentPurchaseRecorded(listId, c.GroupHomeId, purchaseId, c.Item.Trim(), c.Quantity,
            c.UnitPriceYen, c.On, c.Purchased, c.Vendor?.Trim() ?? "", purpose));
    }

    public static Decision<EquipmentPurchased> MarkPurchased(EquipmentList list, Guid purchaseId, MarkEquipmentPurchased c)
    {
        if (list.Line(purchaseId) is not { } line) return Decision<EquipmentPurchased>.Refuse("purchaseId", "Grants.Error.PurchaseNotFound");
        if (line.Purchased) return Decision<EquipmentPurchased>.Refuse("purchaseId", "Grants.Error.AlreadyPurchased");
        return Decision<EquipmentPurchased>.Accept(new EquipmentPurchased(list.Id, purchaseId, c.PurchasedOn, c.UnitPriceYen,
            c.Vendor?.Trim() is { Length: > 0 } vendor ? vendor : line.Vendor));
    }

    /// The same purpose again is refused, so that every recorded change is a change.
    public static Decision<EquipmentPurposeChanged> ChangePurpose(EquipmentList list, Guid purchaseId, ChangeEquipmentPurpose c)
    {
        if (list.Line(purchaseId) is not { } line) return Decision<EquipmentPurposeChanged>.Refuse("purchaseId", "Grants.Error.PurchaseNotFound");
        if (!EquipmentPurposes.TryParse(c.Purpose, out var purpose)) return Decision<EquipmentPurposeChanged>.Refuse("purpose", "Grants.Error.EquipmentPurpose");
        if (purpose == line.Purpose) return Decision<EquipmentPurposeChanged>.Refuse("purpose", "Grants.Error.PurposeUnchanged");
        return Decision<EquipmentPurposeChanged>.Accept(new EquipmentPurposeChanged(list.Id, purchaseId, line.Purpose, purpose));
    }

    public static Decision<EquipmentPurchaseRemoved> Remove(EquipmentList list, Guid purchaseId, RemoveEquipmentPurchase c) =>
        list.Line(purchaseId) is null
            ? Decision<EquipmentPurchaseRemoved>.Refuse("purchaseId", "Grants.Error.PurchaseNotFound")
            : Decision<EquipmentPurchaseRemoved>.Accept(new EquipmentPurchaseRemoved(list.Id, purchaseId, c.Reason.Trim()));
}
