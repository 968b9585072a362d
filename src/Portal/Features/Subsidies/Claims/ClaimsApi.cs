using System.Globalization;
using Hidamari.Portal.Features.Subsidies.Claims.Adjusting;
using Hidamari.Portal.Features.Subsidies.Claims.Correcting;
using Hidamari.Portal.Features.Subsidies.Claims.Locking;
using Hidamari.Portal.Features.Subsidies.Claims.Preparing;
using Hidamari.Portal.Features.Subsidies.Claims.Recalculating;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims;

/// Monthly 措置費 claims of a corporation under <c>/api/t/{tenant}/claims</c>.
public static class ClaimsApi
{
    public static RouteGroupBuilder MapClaimsApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/claims").WithTags("Claims");
        group.MapGet("/", List).WithName("ListClaims").WithSummary("請求の一覧（年度で絞り込み） / Claims, optionally of one fiscal year");
        group.MapGet("/year/{fiscalYear:int}", Year).WithName("ClaimYear").WithSummary("年度の請求額（施設・月別の最新版） / A fiscal year's claimed figures");
        group.MapGet("/{claimId:guid}", Get).WithName("GetClaim").WithSummary("請求（明細・調整・前版との差額） / One claim with its lines, adjustments and difference");
        group.MapPost("/", Prepare).WithName("PrepareClaim").WithSummary("請求を作成する / Prepare a month's claim from recorded data");
        group.MapPost("/{claimId:guid}/adjustments", Adjust).WithName("AdjustClaimLine").WithSummary("明細を理由つきで調整する / Adjust a line with a reason");
        group.MapPost("/{claimId:guid}/recalculate", Recalculate).WithName("RecalculateClaim")
            .WithSummary("下書きを現在の記録と単価表で再計算する / Recalculate a draft from today's records and rates");
        group.MapPost("/{claimId:guid}/lock", Lock).WithName("LockClaim").WithSummary("請求を確定する（以後変更不可） / Lock the claim");
        group.MapPost("/{claimId:guid}/corrections", Correct).WithName("CorrectClaim")
            .WithSummary("確定済みの請求を訂正する（新しい版） / Correct a locked claim as a new version");
        group.MapGet("/{claimId:guid}/export.{format}", Export).WithName("ExportClaim")
            .WithSummary("請求を Excel (xlsx)・CSV・PDF で出力 / Export as xlsx, csv or pdf");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<ClaimSummary>>> List(int? fiscalYear, HttpContext http, ClaimQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.GetTenant(), fiscalYear, ct));

    private static async Task<Ok<ClaimYear>> Year(int fiscalYear, HttpContext http, ClaimQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.YearAsync(http.GetTenant(), fiscalYear, ct));

    private static async Task<Results<Ok<ClaimDetail>, ProblemHttpResult>> Get(
        Guid claimId, HttpContext http, ClaimQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), claimId, ct) is { } claim
            ? TypedResults.Ok(claim)
            : TypedResults.Problem(text["Claims.Error.NotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Prepare(PrepareClaim command, HttpContext http, ClaimCommands commands, CancellationToken ct) =>
        (await commands.PrepareAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}/api/t/{http.GetTenant().Id}/claims/{id}", new { id }));

    private static async Task<IResult> Adjust(Guid claimId, AdjustClaimLine command, HttpContext http, ClaimCommands commands, CancellationToken ct) =>
        (await commands.AdjustAsync(http.GetTenant(), http.UserName(), claimId, command, ct)).ToHttpResult(id => TypedResults.Ok(new { id }));

    private static async Task<IResult> Lock(Guid claimId, LockClaim? command, HttpContext http, ClaimCommands commands, CancellationToken ct) =>
        (await commands.LockAsync(http.GetTenant(), http.UserName(), claimId, command ?? new LockClaim(), ct)).ToHttpResult(id => TypedResults.Ok(new { id }));

    private static async Task<IResult> Recalculate(Guid claimId, RecalculateClaim? command, HttpContext http, ClaimCommands commands, CancellationToken ct) =>
        (await commands.RecalculateAsync(http.GetTenant(), http.UserName(), claimId, command ?? new RecalculateClaim(), ct)).ToHttpResult(id => TypedResults.Ok(new { id }));

    private static async Task<IResult> Correct(Guid claimId, CorrectClaim command, HttpContext http, ClaimCommands commands, CancellationToken ct) =>
        (await commands.CorrectAsync(http.GetTenant(), http.UserName(), claimId, command, ct))
            .ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}/api/t/{http.GetTenant().Id}/claims/{id}", new { id }));

    private static async Task<IResult> Export(
        Guid claimId, string format, HttpContext http, ClaimQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        if (await queries.FindAsync(tenant, claimId, ct) is not { } detail)
            return TypedResults.Problem(text["Claims.Error.NotFound"], statusCode: StatusCodes.Status404NotFound);
        try
        {
            var file = ClaimFiles.Render(detail, tenant.DisplayName, format, text);
            return file is null
                ? TypedResults.Problem(text["Claims.Error.Format"], statusCode: StatusCodes.Status404NotFound)
                : TypedResults.File(file.Value.Bytes, file.Value.ContentType, ClaimExports.FileName(detail.Claim, format));
        }
        catch (JapaneseFontMissingException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

/// The three exports, always in Japanese whatever language the person uses.
public static class ClaimFiles
{
    public static (byte[] Bytes, string ContentType)? Render(ClaimDetail detail, string organisation, string format, IStringLocalizer text)
    {
        var ui = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja-JP");
        try
        {
            return format switch
            {
                "csv" => (ClaimExports.ToCsv(detail, organisation, text), "text/csv; charset=utf-8"),
                "xlsx" => (ClaimExports.ToXlsx(detail, organisation, text), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                "pdf" => (ClaimPdf.Render(detail, organisation, text), "application/pdf"),
                _ => null,
            };
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
    }
}
