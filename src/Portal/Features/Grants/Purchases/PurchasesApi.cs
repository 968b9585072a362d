using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hidamari.Portal.Features.Grants.Purchases;

public sealed record PurchaseRecorded(Guid Id);

public static class PurchasesApi
{
    /// 備品購入リスト under /api/t/{tenant}/grants/equipment (corporations only).
    public static RouteGroupBuilder MapEquipmentApi(this RouteGroupBuilder grants)
    {
        var equipment = grants.MapGroup("/equipment");
        equipment.MapGet("", Lists).WithName("ListEquipmentPurchases")
            .WithSummary("グループホームごとの備品購入リスト / Each group home's equipment list");
        equipment.MapPost("", Record).RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("RecordEquipmentPurchase")
            .WithSummary("備品購入（予定または購入済、用途つき: General・MultifunctionConversion・EnvironmentImprovement）を記録する / Record an equipment purchase, planned or made, with its purpose");
        equipment.MapPost("/{groupHomeId:guid}/{purchaseId:guid}/purchased", MarkPurchased).RequireTenantRoles(Roles.Manager, Roles.Finance)
            .WithName("MarkEquipmentPurchased").WithSummary("購入予定の備品を購入済にする / Record that a planned purchase was made");
        equipment.MapPost("/{groupHomeId:guid}/{purchaseId:guid}/purpose", ChangePurpose).RequireTenantRoles(Roles.Manager, Roles.Finance)
            .WithName("ChangeEquipmentPurpose")
            .WithSummary("備品の用途（一般備品 General・多機能化 MultifunctionConversion・環境改善 EnvironmentImprovement）を変更する / Change a line's purpose");
        equipment.MapPost("/{groupHomeId:guid}/{purchaseId:guid}/remove", Remove).RequireTenantRoles(Roles.Manager, Roles.Finance)
            .WithName("RemoveEquipmentPurchase").WithSummary("備品購入の行を削除する（理由つき）/ Take a line off the list, with the reason");
        return grants;
    }

    private static async Task<Results<Ok<IReadOnlyList<GroupHomeEquipment>>, NotFound>> Lists(HttpContext http, PurchaseQueries queries, CancellationToken ct) =>
        http.GetTenant().Kind == TenantKind.Corporation ? TypedResults.Ok(await queries.ListsAsync(http.GetTenant(), ct)) : TypedResults.NotFound();

    private static async Task<IResult> Record(RecordEquipmentPurchase command, HttpContext http, PurchaseCommands commands, CancellationToken ct) =>
        (await commands.RecordAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToHttpResult(id => TypedResults.Created($"/api/t/{http.GetTenant().Id}/grants/equipment", new PurchaseRecorded(id)));

    private static async Task<IResult> MarkPurchased(Guid groupHomeId, Guid purchaseId, MarkEquipmentPurchased command, HttpContext http,
        PurchaseCommands commands, CancellationToken ct) =>
        (await commands.MarkPurchasedAsync(http.GetTenant(), http.UserName(), groupHomeId, purchaseId, command, ct))
            .ToHttpResult(id => TypedResults.Ok(new PurchaseRecorded(id)));

    private static async Task<IResult> ChangePurpose(Guid groupHomeId, Guid purchaseId, ChangeEquipmentPurpose command, HttpContext http,
        PurchaseCommands commands, CancellationToken ct) =>
        (await commands.ChangePurposeAsync(http.GetTenant(), http.UserName(), groupHomeId, purchaseId, command, ct))
            .ToHttpResult(id => TypedResults.Ok(new PurchaseRecorded(id)));

    private static async Task<IResult> Remove(Guid groupHomeId, Guid purchaseId, RemoveEquipmentPurchase command, HttpContext http,
        PurchaseCommands commands, CancellationToken ct) =>
        (await commands.RemoveAsync(http.GetTenant(), http.UserName(), groupHomeId, purchaseId, command, ct))
            .ToHttpResult(id => TypedResults.Ok(new PurchaseRecorded(id)));
}
