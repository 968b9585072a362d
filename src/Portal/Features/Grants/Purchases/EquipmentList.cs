using System.Security.Cryptography;
using Marten.Events.Aggregation;
using OpeningCostKind = Hidamari.Portal.Features.Subsidies.Engine.OpeningCostKind;

namespace Hidamari.Portal.Features.Grants.Purchases;

// Glossary: 備品購入 equipment purchase · 購入予定 planned · 購入済 purchased · 購入先 vendor · 用途 purpose.

/// <summary>用途: what a line is bought for, which decides the grant cost kind it is drafted as (FromRecords). Members are
/// only ever appended: stored events name them. Lines recorded before purposes existed are <see cref="General"/>.</summary>
public enum EquipmentPurpose
{
    /// 一般備品: furnishing a group home (備品購入費, <see cref="OpeningCostKind.Equipment"/>).
    General,
    /// 多機能化: equipment for freed space turned to new functions (多機能化のための改修費, seed 003 第3 3).
    MultifunctionConversion,
    /// 環境改善: improving the living environment as 地域分散化 (環境改善費).
    EnvironmentImprovement,
}

public static class EquipmentPurposes
{
    /// The purpose a client names by its member name exactly (no numbers, no combinations); null or empty is
    /// <see cref="EquipmentPurpose.General"/>; false for anything else.
    public static bool TryParse(string? value, out EquipmentPurpose purpose)
    {
        purpose = EquipmentPurpose.General;
        if (string.IsNullOrEmpty(value)) return true;
        foreach (var p in Enum.GetValues<EquipmentPurpose>())
        {
            if (!string.Equals(p.ToString(), value, StringComparison.Ordinal)) continue;
            purpose = p;
            return true;
        }
        return false;
    }

    public static bool IsKnown(string? value) => TryParse(value, out _);

    /// The grant cost kind a line of this purpose is drafted as.
    public static OpeningCostKind CostKind(EquipmentPurpose purpose) => purpose switch
    {
        EquipmentPurpose.MultifunctionConversion => OpeningCostKind.MultifunctionConversion,
        EquipmentPurpose.EnvironmentImprovement => OpeningCostKind.EnvironmentImprovement,
        _ => OpeningCostKind.Equipment,
    };
}

/// <summary>A line of a group home's equipment list: planned (<paramref name="Purchased"/> false, <paramref name="On"/>
/// the planned date) or already bought (<paramref name="On"/> the purchase date). <paramref name="Purpose"/> was added
/// later: events stored without it load as <see cref="EquipmentPurpose.General"/>.</summary>
public sealed record EquipmentPurchaseRecorded(
    Guid ListId, Guid GroupHomeId, Guid PurchaseId, string Item, int Quantity, long UnitPriceYen, DateOnly On, bool Purchased, string Vendor,
    EquipmentPurpose Purpose = EquipmentPurpose.General);

/// A planned line was bought: the day, the price actually paid per unit and the vendor.
public sealed record EquipmentPurchased(Guid ListId, Guid PurchaseId, DateOnly PurchasedOn, long UnitPriceYen, string Vendor);

/// A line was taken off the list (a plan dropped, a line entered by mistake), with why.
public sealed record EquipmentPurchaseRemoved(Guid ListId, Guid PurchaseId, string Reason);

/// The purpose of a line was changed (a line recorded before purposes existed, or classified wrongly).
public sealed record EquipmentPurposeChanged(Guid ListId, Guid PurchaseId, EquipmentPurpose From, EquipmentPurpose To);

public sealed record EquipmentPurchase(
    Guid Id, string Item, int Quantity, long UnitPriceYen, DateOnly? PlannedOn, DateOnly? PurchasedOn, string Vendor,
    EquipmentPurpose Purpose = EquipmentPurpose.General)
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
        Lines = [.. Lines, new EquipmentPurchase(e.PurchaseId, e.Item, e.Quantity, e.UnitPriceYen, e.Purchased ? null : e.On, e.Purchased ? e.On : null, e.Vendor, e.Purpose)],
    };

    public EquipmentList Apply(EquipmentPurchased e) => this with
    {
        Lines = [.. Lines.Select(l => l.Id == e.PurchaseId ? l with { PurchasedOn = e.PurchasedOn, UnitPriceYen = e.UnitPriceYen, Vendor = e.Vendor } : l)],
    };

    public EquipmentList Apply(EquipmentPurchaseRemoved e) => this with { Lines = [.. Lines.Where(l => l.Id != e.PurchaseId)] };

    public EquipmentList Apply(EquipmentPurposeChanged e) => this with
    {
        Lines = [.. Lines.Select(l => l.Id == e.PurchaseId ? l with { Purpose = e.To } : l)],
    };

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
    public static EquipmentList Apply(EquipmentPurposeChanged e, EquipmentList list) => list.Apply(e);
}
