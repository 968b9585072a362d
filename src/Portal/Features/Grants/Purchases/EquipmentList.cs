using System.Security.Cryptography;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Grants.Purchases;

// Glossary: 備品購入 equipment purchase · 購入予定 planned · 購入済 purchased · 購入先 vendor.

/// <summary>A line of a group home's equipment list: planned (<paramref name="Purchased"/> false, <paramref name="On"/>
/// the planned date) or already bought (<paramref name="On"/> the purchase date).</summary>
public sealed record EquipmentPurchaseRecorded(
    Guid ListId, Guid GroupHomeId, Guid PurchaseId, string Item, int Quantity, long UnitPriceYen, DateOnly On, bool Purchased, string Vendor);

/// A planned line was bought: the day, the price actually paid per unit and the vendor.
public sealed record EquipmentPurchased(Guid ListId, Guid PurchaseId, DateOnly PurchasedOn, long UnitPriceYen, string Vendor);

/// A line was taken off the list (a plan dropped, a line entered by mistake), with why.
public sealed record EquipmentPurchaseRemoved(Guid ListId, Guid PurchaseId, string Reason);

public sealed record EquipmentPurchase(
    Guid Id, string Item, int Quantity, long UnitPriceYen, DateOnly? PlannedOn, DateOnly? PurchasedOn, string Vendor)
{
    public bool Purchased => PurchasedOn is not null;

    /// The date that places the line in a fiscal year: the purchase date once bought, the planned date before.
    public DateOnly On => PurchasedOn ?? PlannedOn!.Value;

    public long TotalYen => Quantity * UnitPriceYen;
}

/// <summary>備品購入リスト: one stream per group home, its id derived from the group home's.</summary>
public sealed record EquipmentList(Guid Id, Guid GroupHomeId, IReadOnlyList<EquipmentPurchase> Lines)
{
    public long Version { get; set; }

    public EquipmentPurchase? Line(Guid purchaseId) => Lines.FirstOrDefault(l => l.Id == purchaseId);

    public static EquipmentList Create(EquipmentPurchaseRecorded e) => new EquipmentList(e.ListId, e.GroupHomeId, []).Apply(e);

    public EquipmentList Apply(EquipmentPurchaseRecorded e) => this with
    {
        Lines = [.. Lines, new EquipmentPurchase(e.PurchaseId, e.Item, e.Quantity, e.UnitPriceYen, e.Purchased ? null : e.On, e.Purchased ? e.On : null, e.Vendor)],
    };

    public EquipmentList Apply(EquipmentPurchased e) => this with
    {
        Lines = [.. Lines.Select(l => l.Id == e.PurchaseId ? l with { PurchasedOn = e.PurchasedOn, UnitPriceYen = e.UnitPriceYen, Vendor = e.Vendor } : l)],
    };

    public EquipmentList Apply(EquipmentPurchaseRemoved e) => this with { Lines = [.. Lines.Where(l => l.Id != e.PurchaseId)] };

    public static Guid StreamIdFor(Guid groupHomeId)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"equipment-list:{groupHomeId:N}"))[..16];
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash);
    }
}

public sealed class EquipmentListProjection : SingleStreamProjection<EquipmentList, Guid>
{
    public static EquipmentList Create(EquipmentPurchaseRecorded e) => EquipmentList.Create(e);
    public static EquipmentList Apply(EquipmentPurchaseRecorded e, EquipmentList list) => list.Apply(e);
    public static EquipmentList Apply(EquipmentPurchased e, EquipmentList list) => list.Apply(e);
    public static EquipmentList Apply(EquipmentPurchaseRemoved e, EquipmentList list) => list.Apply(e);
}
