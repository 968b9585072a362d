using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hidamari.Portal.Features.Grants.Drafting;

public static class FromRecordsApi
{
    /// Drafting from recorded data (proposals only: the draft is saved by PUT …/draft, the report by POST …/report),
    /// and the equipment lists it reads.
    public static RouteGroupBuilder MapGrantRecordsApi(this RouteGroupBuilder grants)
    {
        grants.MapGet("/applications/{id:guid}/proposal", Proposal).WithName("ProposeGrantItemsFromRecords")
            .WithSummary("記録済みのデータ（備品購入リスト・賃貸借・研修計画）から費目を提案する / Items proposed from recorded equipment, leases and the training plan");
        grants.MapGet("/applications/{id:guid}/actuals", Actuals).WithName("ProposeGrantActualsFromRecords")
            .WithSummary("実績報告の実支出額を記録から提案する（購入済の備品・賃貸借・実施した研修）/ Actual costs proposed from purchases, leases and held sessions");
        grants.MapGet("/programmes/{programmeId:guid}/proposal", ProgrammeProposal).WithName("ProposeGrantItemsForProgramme")
            .WithSummary("申請前に、事業の年度の記録から費目を提案する / Items from records for a programme, before a draft exists");
        return grants.MapEquipmentApi();
    }

    private static async Task<Results<Ok<GrantProposal>, NotFound>> Proposal(Guid id, HttpContext http, GrantQueries queries, GrantRecords records, CancellationToken ct) =>
        await queries.ApplicationAsync(http.GetTenant(), id, ct) is { } a
            ? TypedResults.Ok(await records.DraftAsync(http.GetTenant(), a.Programme, ct))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<ActualsProposal>, NotFound>> Actuals(Guid id, HttpContext http, GrantQueries queries, GrantRecords records, CancellationToken ct) =>
        await queries.ApplicationAsync(http.GetTenant(), id, ct) is { } a
            ? TypedResults.Ok(await records.ActualsAsync(http.GetTenant(), a, ct))
            : TypedResults.NotFound();

    private static async Task<Results<Ok<GrantProposal>, NotFound>> ProgrammeProposal(Guid programmeId, HttpContext http, GrantQueries queries, GrantRecords records,
        CancellationToken ct)
    {
        var tenant = http.GetTenant();
        if (tenant.Kind != TenantKind.Corporation || await queries.ProgrammeAsync(programmeId, ct) is not { IsTemplate: false } p || p.Jurisdiction != tenant.Jurisdiction)
            return TypedResults.NotFound();
        return TypedResults.Ok(await records.DraftAsync(tenant, p, ct));
    }
}
