using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants.Attaching;

public sealed record GrantFileCreated(Guid Id);

/// <summary>
/// Files of an application (corporation) and of a case (municipality), under the tenant of the route like every API:
/// a file is found only through an application or case of that tenant, so another tenant's ids answer 404.
/// </summary>
public static class GrantFilesApi
{
    public static RouteGroupBuilder MapGrantFiles(this RouteGroupBuilder grants)
    {
        grants.MapPost("/applications/{id:guid}/files", (Guid id, IFormFile file, [FromForm] string? description, HttpContext http, GrantFiles files,
                IStringLocalizer<SharedResource> text, CancellationToken ct) => AttachAsync(id, GrantFileUse.Application, file, description, http, files, text, ct))
            .RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("AttachGrantFile")
            .WithSummary("申請書類を添付する（見積書・図面・賃貸借契約書など。PDF・PNG・JPEG、1ファイル10MB・1申請合計50MBまで）/ Attach a document to the draft (PDF, PNG or JPEG, max 10 MB a file, 50 MB per application)")
            // The API is for token-bearing clients; the pages upload through the circuit, not this form post.
            .DisableAntiforgery();
        grants.MapPost("/applications/{id:guid}/report/files", (Guid id, IFormFile file, [FromForm] string? description, HttpContext http, GrantFiles files,
                IStringLocalizer<SharedResource> text, CancellationToken ct) => AttachAsync(id, GrantFileUse.Report, file, description, http, files, text, ct))
            .RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("AttachGrantReceipt")
            .WithSummary("実績報告に領収書を添付する（PDF・PNG・JPEG、1ファイル10MB・合計50MBまで）/ Attach a receipt to the coming report (PDF, PNG or JPEG, max 10 MB a file, 50 MB in total)")
            .DisableAntiforgery();
        grants.MapDelete("/applications/{id:guid}/files/{fileId:guid}", Remove)
            .RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("RemoveGrantFile")
            .WithSummary("提出前の添付書類を外す / Remove a file not yet sent");
        grants.MapGet("/applications/{id:guid}/files/{fileId:guid}", ApplicationFile).WithName("DownloadGrantFile")
            .WithSummary("申請の添付書類 / A file of the corporation's application");
        grants.MapGet("/cases/{id:guid}/files/{fileId:guid}", CaseFile).WithName("DownloadGrantCaseFile")
            .WithSummary("提出された添付書類 / A file submitted with the case");
        return grants;
    }

    private static async Task<IResult> AttachAsync(Guid id, GrantFileUse use, IFormFile file, string? description, HttpContext http, GrantFiles files,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await UploadedFiles.ReadAsync(file, ct) is not { } content) return UploadedFiles.TooLargeProblem(text);
        var tenant = http.GetTenant();
        var result = await files.AttachAsync(tenant, http.UserName(), id, new AttachGrantFile(use, file.FileName, content, description), ct);
        return result.ToHttpResult(fileId => TypedResults.Created($"/api/t/{tenant.Id}/grants/applications/{id}/files/{fileId}", new GrantFileCreated(fileId)));
    }

    private static async Task<IResult> Remove(Guid id, Guid fileId, HttpContext http, GrantFiles files, CancellationToken ct) =>
        (await files.RemoveAsync(http.GetTenant(), http.UserName(), id, fileId, ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> ApplicationFile(Guid id, Guid fileId, HttpContext http, GrantFiles files, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        Download(http, await files.ApplicationFileAsync(http.GetTenant(), id, fileId, ct), text);

    private static async Task<IResult> CaseFile(Guid id, Guid fileId, HttpContext http, GrantFiles files, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        Download(http, await files.CaseFileAsync(http.GetTenant(), id, fileId, ct), text);

    private static IResult Download(HttpContext http, GrantFileContent? content, IStringLocalizer<SharedResource> text)
    {
        if (content is null) return TypedResults.Problem(text["Grants.Files.Error.NotFound"], statusCode: StatusCodes.Status404NotFound);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content.Bytes, content.ContentType, content.FileName);
    }
}
