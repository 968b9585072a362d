using System.Collections.Concurrent;
using Marten;
using Marten.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;
using Weasel.Core;

namespace Hidamari.Tenancy;

/// <summary>
/// The schema version of a tenant database: a one-row table written by provisioning and by <c>migrate</c> after
/// Marten's configured schema was applied. Bump <see cref="CurrentVersion"/> in the change that alters the Marten
/// configuration (new document type, projection, index); then every tenant database must be migrated before the
/// portal serves it again.
/// </summary>
public static class TenantSchema
{
    /// The version this build expects in every tenant database.
    public const int CurrentVersion = 2;

    private const string Table = "hidamari_ops.schema_version";

    /// The version recorded in the tenant database; 0 when none was ever written.
    public static async Task<int> ReadVersionAsync(IMartenDatabase database, CancellationToken ct)
    {
        await using var conn = database.CreateConnection();
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select to_regclass($1) is not null", conn) { Parameters = { new() { Value = Table } } };
        if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return 0;
        await using var read = new NpgsqlCommand($"select coalesce(max(version), 0) from {Table}", conn);
        return (int)(await read.ExecuteScalarAsync(ct))!;
    }

    public static async Task WriteVersionAsync(IMartenDatabase database, int version, CancellationToken ct)
    {
        await using var conn = database.CreateConnection();
        await conn.OpenAsync(ct);
        await using (var ddl = new NpgsqlCommand($"""
            create schema if not exists hidamari_ops;
            create table if not exists {Table} (
                id         int primary key default 1 check (id = 1),
                version    int not null,
                applied_at timestamptz not null default now()
            );
            """, conn))
        {
            await ddl.ExecuteNonQueryAsync(ct);
        }
        await using var upsert = new NpgsqlCommand(
            $"insert into {Table} (id, version) values (1, $1) on conflict (id) do update set version = excluded.version, applied_at = now()", conn);
        upsert.Parameters.AddWithValue(version);
        await upsert.ExecuteNonQueryAsync(ct);
    }

    /// Applies Marten's configured schema and records the current version.
    public static async Task ApplyAsync(IMartenDatabase database, CancellationToken ct)
    {
        await database.ApplyAllConfiguredChangesToDatabaseAsync(ct: ct);
        await WriteVersionAsync(database, CurrentVersion, ct);
    }
}

/// <summary>
/// Decides once per tenant (and database location) per process whether its schema is current, so a request costs
/// no DDL diff: one small query the first time, a dictionary lookup after. A tenant found behind is checked again
/// after <see cref="RecheckAfter"/>, so that running <c>migrate</c> brings it back without a restart. It also
/// notices a tenant moved by another process (the registry names a new location) and points this process's Marten
/// store at the new database.
/// </summary>
public sealed class TenantSchemaGate(IDocumentStore store, TenantDatabases databases, TimeProvider clock, ILogger<TenantSchemaGate> logger)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, string> _location = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Version, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    private static string Location(TenantInfo t) => t.Server + "/" + t.DatabaseName;

    /// True when the tenant's database carries the schema version this build expects.
    public async ValueTask<bool> IsCurrentAsync(TenantInfo tenant, CancellationToken ct) =>
        await VersionAsync(tenant, ct) >= TenantSchema.CurrentVersion;

    /// The schema version of the tenant's database as this process knows it.
    public async ValueTask<int> VersionAsync(TenantInfo tenant, CancellationToken ct)
    {
        var location = Location(tenant);
        var key = tenant.Id + "@" + location;
        if (_known.TryGetValue(key, out var known) && (known.Version >= TenantSchema.CurrentVersion || known.Until > clock.GetUtcNow()))
            return known.Version;

        if (_location.TryGetValue(tenant.Id, out var previous) && previous != location)
        {
            logger.LogInformation("Tenant {TenantId} moved from {Old} to {New}; switching this instance", tenant.Id, previous, location);
            await databases.PointAtAsync(tenant, ct);
        }
        _location[tenant.Id] = location;

        var version = await TenantSchema.ReadVersionAsync(await store.Storage.FindOrCreateDatabase(tenant.Id), ct);
        _known[key] = (version, clock.GetUtcNow() + RecheckAfter);
        return version;
    }

    /// Forgets what this process knows about a tenant's schema (after migrate or a move run in this process).
    public void Forget(string tenantId)
    {
        foreach (var key in _known.Keys.Where(k => k.StartsWith(tenantId + "@", StringComparison.Ordinal))) _known.TryRemove(key, out _);
    }
}

/// Where Marten looks for a tenant's database: the master-table record and this process's cached data source.
public sealed class TenantDatabases(IDocumentStore store, Microsoft.Extensions.Options.IOptions<TenancyOptions> options)
{
    /// Upserts the master-table record for the tenant's registry location and replaces this process's cached database.
    public async Task PointAtAsync(TenantInfo tenant, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var tenancy = (MasterTableTenancy)((DocumentStore)store).Options.Tenancy;
        await tenancy.AddTenantAsync(tenant.Id, options.Value.TenantConnectionString(tenant.Server, tenant.DatabaseName));
    }
}
