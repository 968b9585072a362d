using System.Security.Cryptography;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Npgsql;

namespace Hidamari.Portal.Features.TenantArchives;

public sealed record ClosureRequest(Guid Id, string TenantId, string RequestedBy, DateTimeOffset RequestedAt, long Events, long LastSequence,
    string ArchiveSha256, string? ConfirmedBy, DateTimeOffset? ConfirmedAt);

public enum ClosureOutcome { Closed, NotFound, AlreadyConfirmed, ChangedSinceExport }

/// <summary>
/// Closing a tenant takes two steps by an operator: a request exports the tenant's archive and keeps it in the shared
/// database; only a confirmation naming that request drops the tenant's database, and only when nothing was recorded
/// since the export (otherwise the archive would miss it and the operator must request again).
/// </summary>
public sealed class TenantClosures(PlatformDatabase platform, TenantRegistry registry, TenantArchive archives, TenantLifecycle lifecycle, AuditLog audit, TimeProvider clock)
{
    private const string Schema = """
        create schema if not exists platform;
        create table if not exists platform.tenant_closures (
            id             uuid primary key,
            tenant_id      text not null,
            requested_by   text not null,
            requested_at   timestamptz not null,
            events         bigint not null,
            last_sequence  bigint not null,
            archive_sha256 text not null,
            archive        bytea not null,
            confirmed_by   text,
            confirmed_at   timestamptz
        );
        """;

    private volatile bool _schemaReady;

    public async Task<ClosureRequest> RequestAsync(TenantInfo tenant, string actor, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        using var buffer = new MemoryStream();
        var manifest = await archives.ExportAsync(tenant, buffer, ct);
        var bytes = buffer.ToArray();
        var request = new ClosureRequest(Guid.CreateVersion7(), tenant.Id, actor, clock.GetUtcNow(), manifest.Events, manifest.LastSequence,
            Convert.ToHexStringLower(SHA256.HashData(bytes)), null, null);

        await using var cmd = platform.DataSource.CreateCommand("""
            insert into platform.tenant_closures (id, tenant_id, requested_by, requested_at, events, last_sequence, archive_sha256, archive)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        cmd.Parameters.AddWithValue(request.Id);
        cmd.Parameters.AddWithValue(request.TenantId);
        cmd.Parameters.AddWithValue(request.RequestedBy);
        cmd.Parameters.AddWithValue(request.RequestedAt);
        cmd.Parameters.AddWithValue(request.Events);
        cmd.Parameters.AddWithValue(request.LastSequence);
        cmd.Parameters.AddWithValue(request.ArchiveSha256);
        cmd.Parameters.AddWithValue(bytes);
        await cmd.ExecuteNonQueryAsync(ct);
        await audit.RecordAsync(tenant.Id, actor, "tenant.closure-requested", $"closure={request.Id} events={request.Events} sha256={request.ArchiveSha256}", ct);
        return request;
    }

    public async Task<ClosureRequest?> FindAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand("""
            select id, tenant_id, requested_by, requested_at, events, last_sequence, archive_sha256, confirmed_by, confirmed_at
            from platform.tenant_closures where id = $1 and tenant_id = $2
            """);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(tenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new ClosureRequest(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetInt64(4), r.GetInt64(5),
            r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));
    }

    /// The archive taken when the closure was requested; it outlives the tenant's database.
    public async Task<byte[]?> ArchiveAsync(string tenantId, Guid id, CancellationToken ct)
    {
        await EnsureSchemaAsync(ct);
        await using var cmd = platform.DataSource.CreateCommand("select archive from platform.tenant_closures where id = $1 and tenant_id = $2");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(tenantId);
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    public async Task<ClosureOutcome> ConfirmAsync(string tenantId, Guid id, string actor, CancellationToken ct)
    {
        var request = await FindAsync(tenantId, id, ct);
        if (request is null) return ClosureOutcome.NotFound;
        if (request.ConfirmedAt is not null) return ClosureOutcome.AlreadyConfirmed;
        var tenant = await registry.FindAsync(tenantId, ct);
        if (tenant is null || tenant.Status is not (TenantStatus.Active or TenantStatus.Maintenance)) return ClosureOutcome.NotFound;
        // Stop serving first, then compare: nothing can be recorded between the check and the drop.
        await lifecycle.CloseAsync(tenant, ct);
        if (await archives.HighWaterAsync(tenant, ct) != (request.Events, request.LastSequence))
        {
            await lifecycle.ReopenAsync(tenant, ct);
            return ClosureOutcome.ChangedSinceExport;
        }
        await lifecycle.DropClosedAsync(tenant, ct);
        await using (var cmd = platform.DataSource.CreateCommand("update platform.tenant_closures set confirmed_by = $2, confirmed_at = $3 where id = $1"))
        {
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(actor);
            cmd.Parameters.AddWithValue(clock.GetUtcNow());
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await audit.RecordAsync(tenantId, actor, "tenant.closed", $"closure={id} requested-by={request.RequestedBy} sha256={request.ArchiveSha256}", ct);
        return ClosureOutcome.Closed;
    }

    private async Task EnsureSchemaAsync(CancellationToken ct)
    {
        if (_schemaReady) return;
        await using var cmd = platform.DataSource.CreateCommand(Schema);
        try
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Two instances created it at once.
        }
        _schemaReady = true;
    }
}
