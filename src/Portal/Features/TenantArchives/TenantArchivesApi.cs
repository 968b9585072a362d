using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.TenantArchives;

/// <summary>
/// Operator-only: export a tenant to one archive, restore an archive into a new tenant, and close a tenant in two
/// steps (request, which exports; confirm with the request's id, which drops the database).
/// </summary>
public static class TenantArchivesApi
{
    /// Archives of large tenants exceed Kestrel's default 30 MB request limit.
    private const long MaxArchiveBytes = 2L * 1024 * 1024 * 1024;

    public static IEndpointRouteBuilder MapTenantArchivesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operator/tenants/{tenantId}").WithTags("Operator").RequireAuthorization(IdentityConfiguration.OperatorPolicy);
        group.MapGet("/export", ExportAsync).WithName("ExportTenant")
            .WithSummary("テナントのデータをアーカイブ（zip）に書き出す / Export a tenant's events, documents and settings as one zip archive");
        group.MapPost("/import", ImportAsync).WithName("ImportTenant")
            .WithSummary("アーカイブから新しいテナントを復元する / Restore an archive (application/zip body) into a new tenant with this id")
            .WithMetadata(new RequestSizeLimitAttribute(MaxArchiveBytes));
        group.MapPost("/closure", RequestClosureAsync).WithName("RequestTenantClosure")
            .WithSummary("テナントの閉鎖を申請する（データを書き出す） / Request closing a tenant: its archive is exported and kept");
        group.MapGet("/closure/{closureId:guid}/archive", ClosureArchiveAsync).WithName("TenantClosureArchive")
            .WithSummary("閉鎖時に書き出したアーカイブ / The archive exported when closure was requested");
        group.MapPost("/closure/{closureId:guid}/confirm", ConfirmClosureAsync).WithName("ConfirmTenantClosure")
            .WithSummary("閉鎖を確定しデータベースを削除する / Confirm the closure: the tenant's database is dropped");
        return app;
    }

    private static async Task<IResult> ExportAsync(string tenantId, HttpContext http, TenantRegistry registry, TenantArchive archives, AuditLog audit, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await ServingAsync(registry, tenantId, ct) is not { } tenant) return NotFound(text);
        using var buffer = new MemoryStream();
        var manifest = await archives.ExportAsync(tenant, buffer, ct);
        await audit.RecordAsync(tenant.Id, TenantAccess.ActorName(http.User), "tenant.exported", $"events={manifest.Events}", ct);
        return TypedResults.File(buffer.ToArray(), "application/zip", $"tenant-{tenant.Id}-{manifest.ExportedAt:yyyyMMddHHmmss}.zip");
    }

    private static async Task<IResult> ImportAsync(string tenantId, HttpContext http, TenantRegistry registry, TenantImport import, AuditLog audit, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await registry.FindAsync(tenantId, ct) is not null)
            return TypedResults.Problem(text["Admin.TenantExists"], statusCode: StatusCodes.Status409Conflict);
        // A zip needs a seekable stream; a temporary file keeps a large archive out of memory.
        await using var buffer = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81_920, FileOptions.DeleteOnClose);
        await http.Request.Body.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        ArchiveContents contents;
        try
        {
            contents = import.Read(buffer);
        }
        catch (ArchiveInvalidException e)
        {
            return TypedResults.Problem(e.Message, title: text["Archive.Invalid"], statusCode: StatusCodes.Status400BadRequest);
        }
        var errors = TenantProvisioner.Validate(new NewTenant(tenantId, contents.Manifest.Kind, contents.Manifest.DisplayName, contents.Manifest.Jurisdiction));
        if (errors.Count > 0) return TypedResults.Problem(string.Join(" ", errors), title: text["Archive.Invalid"], statusCode: StatusCodes.Status400BadRequest);
        try
        {
            var result = await import.ImportAsync(tenantId, contents, ct);
            await audit.RecordAsync(result.Tenant.Id, TenantAccess.ActorName(http.User), "tenant.imported",
                $"from={contents.Manifest.TenantId} events={result.Events} documents={result.Documents}", ct);
            return TypedResults.Created($"/api/operator/tenants/{result.Tenant.Id}", result);
        }
        catch (TenantAlreadyExistsException)
        {
            return TypedResults.Problem(text["Admin.TenantExists"], statusCode: StatusCodes.Status409Conflict);
        }
    }

    private static async Task<IResult> RequestClosureAsync(string tenantId, HttpContext http, TenantRegistry registry, TenantClosures closures, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await ServingAsync(registry, tenantId, ct) is not { } tenant) return NotFound(text);
        var request = await closures.RequestAsync(tenant, TenantAccess.ActorName(http.User), ct);
        return TypedResults.Created($"/api/operator/tenants/{tenant.Id}/closure/{request.Id}", request);
    }

    private static async Task<IResult> ClosureArchiveAsync(string tenantId, Guid closureId, TenantClosures closures, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await closures.ArchiveAsync(tenantId, closureId, ct) is { } archive
            ? TypedResults.File(archive, "application/zip", $"tenant-{tenantId}-closure-{closureId}.zip")
            : TypedResults.Problem(text["Archive.ClosureNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> ConfirmClosureAsync(string tenantId, Guid closureId, HttpContext http, TenantClosures closures, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await closures.ConfirmAsync(tenantId, closureId, TenantAccess.ActorName(http.User), ct) switch
        {
            ClosureOutcome.Closed => TypedResults.Ok(new { tenantId, status = TenantStatus.Closed }),
            ClosureOutcome.AlreadyConfirmed => TypedResults.Problem(text["Archive.AlreadyClosed"], statusCode: StatusCodes.Status409Conflict),
            ClosureOutcome.ChangedSinceExport => TypedResults.Problem(text["Archive.ChangedSinceExport"], statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.Problem(text["Archive.ClosureNotFound"], statusCode: StatusCodes.Status404NotFound),
        };

    private static async Task<TenantInfo?> ServingAsync(TenantRegistry registry, string tenantId, CancellationToken ct) =>
        await registry.FindAsync(tenantId, ct) is { Status: TenantStatus.Active or TenantStatus.Maintenance } tenant ? tenant : null;

    private static IResult NotFound(IStringLocalizer<SharedResource> text) =>
        TypedResults.Problem(text["Archive.TenantNotFound"], statusCode: StatusCodes.Status404NotFound);
}
