using Hidamari.Portal.Features.Leases.Correcting;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Leases.Documents;
using Hidamari.Portal.Features.Leases.Register;
using Hidamari.Portal.Features.Leases.Renewing;
using Hidamari.Portal.Features.Leases.RevisingRent;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Features.Leases.Terminating;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases;

public static class LeasesApi
{
    public static RouteGroupBuilder MapLeasesApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/leases").WithTags("Leases");

        group.MapGet("/", List).WithName("ListLeases").WithSummary("賃貸借契約の一覧 / All leases of group homes");
        group.MapGet("/{leaseId:guid}", Get).WithName("GetLease").WithSummary("賃貸借契約 / One lease with its history");
        group.MapPost("/", Sign).WithName("SignLease").WithSummary("賃貸借契約を登録する / Record a signed lease");
        group.MapPost("/{leaseId:guid}/rent-revisions", ReviseRent).WithName("ReviseLeaseRent").WithSummary("賃料改定 / Revise the rent");
        group.MapPost("/{leaseId:guid}/renewals", Renew).WithName("RenewLease").WithSummary("契約更新 / Renew the lease");
        group.MapPost("/{leaseId:guid}/termination", Terminate).WithName("TerminateLease").WithSummary("解約・退去 / Terminate the lease");
        group.MapPost("/{leaseId:guid}/corrections", Correct).WithName("CorrectLease").WithSummary("訂正 / Correct the recorded terms");
        group.MapPost("/{leaseId:guid}/documents", Attach).WithName("AttachLeaseDocument")
            .WithSummary("書類を添付する（PDF・PNG・JPEG、10MBまで） / Attach a PDF, PNG or JPEG document (max 10 MB)")
            // The API is for token-bearing clients; the pages upload through the circuit, not this form post.
            .DisableAntiforgery();
        group.MapGet("/{leaseId:guid}/documents/{documentId:guid}", Download).WithName("DownloadLeaseDocument").WithSummary("添付書類 / An attached document");
        group.MapGet("/critical-dates", CriticalDates).WithName("LeaseCriticalDates")
            .WithSummary("更新・通知期限・満了の予定 / Upcoming renewals, notice deadlines and end dates within a window");
        group.MapGet("/costs", Costs).WithName("LeaseCosts").WithSummary("年度別賃借費用（法人・GH別） / Lease costs of a fiscal year per group home and in total");
        group.MapGet("/costs/group-homes/{groupHomeId:guid}", GroupHomeCosts).WithName("GroupHomeLeaseCosts")
            .WithSummary("GHの年度別賃借費用 / Lease costs of one group home in a fiscal year");
        group.MapGet("/register.xlsx", RegisterExcel).WithName("LeaseRegisterExcel").WithSummary("賃貸借契約台帳 (Excel) / Lease register as Excel");
        group.MapGet("/register.csv", RegisterCsv).WithName("LeaseRegisterCsv").WithSummary("賃貸借契約台帳 (CSV) / Lease register as CSV");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<LeaseListItem>>> List(HttpContext http, LeaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.GetTenant(), ct));

    private static async Task<Results<Ok<LeaseListItem>, ProblemHttpResult>> Get(
        Guid leaseId, HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), leaseId, ct) is { } lease
            ? TypedResults.Ok(lease)
            : TypedResults.Problem(text["Error.LeaseNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Sign(SignLease command, HttpContext http, LeaseCommands commands, CancellationToken ct)
    {
        var result = await commands.SignAsync(http.GetTenant(), http.UserName(), command, ct);
        return result.ToCreatedHere(http);
    }

    private static async Task<IResult> ReviseRent(Guid leaseId, ReviseRent command, HttpContext http, LeaseCommands commands, CancellationToken ct) =>
        (await commands.ReviseRentAsync(http.GetTenant(), http.UserName(), leaseId, command, ct)).ToHttpResult(Recorded);

    private static async Task<IResult> Renew(Guid leaseId, RenewLease command, HttpContext http, LeaseCommands commands, CancellationToken ct) =>
        (await commands.RenewAsync(http.GetTenant(), http.UserName(), leaseId, command, ct)).ToHttpResult(Recorded);

    private static async Task<IResult> Terminate(Guid leaseId, TerminateLease command, HttpContext http, LeaseCommands commands, CancellationToken ct) =>
        (await commands.TerminateAsync(http.GetTenant(), http.UserName(), leaseId, command, ct)).ToHttpResult(Recorded);

    private static async Task<IResult> Correct(Guid leaseId, CorrectLease command, HttpContext http, LeaseCommands commands, CancellationToken ct) =>
        (await commands.CorrectAsync(http.GetTenant(), http.UserName(), leaseId, command, ct)).ToHttpResult(Recorded);

    private static IResult Recorded(Guid id) => TypedResults.Ok(new { id });

    private static async Task<IResult> Attach(
        Guid leaseId, IFormFile file, [FromForm] string? description, [FromForm] long? expectedVersion,
        HttpContext http, LeaseCommands commands, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await UploadedFiles.ReadAsync(file, ct) is not { } content) return UploadedFiles.TooLargeProblem(text);
        var result = await commands.AttachDocumentAsync(http.GetTenant(), http.UserName(), leaseId,
            new AttachDocument(file.FileName, content, description, expectedVersion), ct);
        return result.ToCreatedHere(http);
    }

    private static async Task<IResult> Download(Guid leaseId, Guid documentId, HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        var lease = await queries.FindAsync(tenant, leaseId, ct);
        var meta = lease?.Lease.Documents.FirstOrDefault(d => d.Id == documentId);
        var content = meta is null ? null : await queries.DocumentAsync(tenant, leaseId, documentId, ct);
        if (meta is null || content is null) return TypedResults.Problem(text["Error.DocumentNotFound"], statusCode: StatusCodes.Status404NotFound);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content.Bytes, content.ContentType, meta.FileName);
    }

    private static async Task<Results<Ok<CriticalDateList>, ProblemHttpResult>> CriticalDates(
        DateOnly? from, int? days, HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        from is { } start && !Dates.IsPlausible(start)
            ? TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest)
            : TypedResults.Ok(await queries.CriticalDatesAsync(http.GetTenant(), from, days, ct));

    private static async Task<Results<Ok<CorporationLeaseCosts>, ProblemHttpResult>> Costs(
        int fiscalYear, DateOnly? asOf, HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        Dates.IsPlausible(JapaneseDates.FiscalYearStart(Math.Clamp(fiscalYear, 1, 9998)))
            ? TypedResults.Ok(await queries.ForCorporationAsync(http.GetTenant(), fiscalYear, asOf, ct))
            : TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);

    private static async Task<Results<Ok<GroupHomeLeaseCosts>, ProblemHttpResult>> GroupHomeCosts(
        Guid groupHomeId, int fiscalYear, DateOnly? asOf, HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        if (!Dates.IsPlausible(JapaneseDates.FiscalYearStart(Math.Clamp(fiscalYear, 1, 9998))))
            return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        if ((await queries.GroupHomesAsync(tenant, ct)).All(g => g.Id != groupHomeId))
            return TypedResults.Problem(text["Error.GroupHomeNotFound"], statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok(await queries.ForGroupHomeAsync(tenant, groupHomeId, fiscalYear, asOf, ct));
    }

    private static async Task<FileContentHttpResult> RegisterExcel(HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        TypedResults.File(LeaseRegisterExport.ToExcel(await queries.ListAsync(http.GetTenant(), ct), text, queries.Today),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"lease-register-{queries.Today:yyyyMMdd}.xlsx");

    private static async Task<FileContentHttpResult> RegisterCsv(HttpContext http, LeaseQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        TypedResults.File(LeaseRegisterExport.ToCsv(await queries.ListAsync(http.GetTenant(), ct), text, queries.Today),
            "text/csv; charset=utf-8", $"lease-register-{queries.Today:yyyyMMdd}.csv");
}
