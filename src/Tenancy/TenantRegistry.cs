using System.Collections.Concurrent;
using Npgsql;

namespace Hidamari.Tenancy;

/// <summary>
/// The registry of tenants in the shared database. Lookups are cached so that every request does not cost a query.
/// Every change of a registry row announces itself with <c>NOTIFY</c> on <see cref="Channel"/> in the same statement;
/// <see cref="TenantRegistryListener"/> in each portal instance evicts the entry as soon as the change commits, so a
/// closure or move made by another instance (or the operator CLI) takes effect there within moments.
/// <see cref="CacheLifetime"/> stays as the fallback for a listener that is reconnecting.
/// </summary>
public sealed class TenantRegistry(PlatformDatabase platform, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);

    /// The PostgreSQL notification channel; the payload is the tenant id.
    public const string Channel = "hidamari_tenant_changed";

    private readonly ConcurrentDictionary<string, (TenantInfo Tenant, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    internal const string Schema = """
        create schema if not exists platform;
        create table if not exists platform.tenants (
            id            text primary key,
            kind          text not null,
            display_name  text not null,
            jurisdiction  text not null,
            server        text not null,
            database_name text not null,
            status        text not null,
            created_at    timestamptz not null default now(),
            unique (server, database_name)
        );
        """;

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand(Schema);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// Finds a tenant by the id in a route. A malformed id is answered without touching any database.
    public async ValueTask<TenantInfo?> FindAsync(string? id, CancellationToken ct = default)
    {
        if (!TenantIds.IsWellFormed(id)) return null;
        if (_cache.TryGetValue(id!, out var hit) && hit.Until > clock.GetUtcNow()) return hit.Tenant;

        await using var cmd = platform.DataSource.CreateCommand($"{SelectColumns} where id = $1");
        cmd.Parameters.AddWithValue(id!);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            _cache.TryRemove(id!, out _);
            return null;
        }
        var tenant = Read(reader);
        _cache[tenant.Id] = (tenant, clock.GetUtcNow() + CacheLifetime);
        return tenant;
    }

    public async Task<IReadOnlyList<TenantInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var cmd = platform.DataSource.CreateCommand($"{SelectColumns} order by kind, display_name");
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var list = new List<TenantInfo>();
        while (await reader.ReadAsync(ct)) list.Add(Read(reader));
        return list;
    }

    /// Inserts the registry row; false when the id is taken.
    internal async Task<bool> TryAddAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand("""
            insert into platform.tenants (id, kind, display_name, jurisdiction, server, database_name, status, created_at)
            values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing
            """);
        cmd.Parameters.AddWithValue(tenant.Id);
        cmd.Parameters.AddWithValue(tenant.Kind.ToString());
        cmd.Parameters.AddWithValue(tenant.DisplayName);
        cmd.Parameters.AddWithValue(tenant.Jurisdiction);
        cmd.Parameters.AddWithValue(tenant.Server);
        cmd.Parameters.AddWithValue(tenant.DatabaseName);
        cmd.Parameters.AddWithValue(tenant.Status.ToString());
        cmd.Parameters.AddWithValue(tenant.CreatedAt);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    internal async Task SetStatusAsync(string id, TenantStatus status, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand($"with changed as (update platform.tenants set status = $2 where id = $1 returning id) {Notify}");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(status.ToString());
        await cmd.ExecuteNonQueryAsync(ct);
        _cache.TryRemove(id, out _);
    }

    /// Records a tenant's new database location and status in one statement (the end of a move).
    internal async Task SetLocationAsync(string id, string server, string databaseName, TenantStatus status, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand(
            $"with changed as (update platform.tenants set server = $2, database_name = $3, status = $4 where id = $1 returning id) {Notify}");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(server);
        cmd.Parameters.AddWithValue(databaseName);
        cmd.Parameters.AddWithValue(status.ToString());
        await cmd.ExecuteNonQueryAsync(ct);
        _cache.TryRemove(id, out _);
    }

    internal async Task RemoveAsync(string id, CancellationToken ct)
    {
        await using var cmd = platform.DataSource.CreateCommand($"with changed as (delete from platform.tenants where id = $1 returning id) {Notify}");
        cmd.Parameters.AddWithValue(id);
        await cmd.ExecuteNonQueryAsync(ct);
        _cache.TryRemove(id, out _);
    }

    /// One statement with the change, so listeners hear of it exactly when it commits (and only if a row changed).
    private const string Notify = $"select pg_notify('{Channel}', id) from changed";

    /// Forgets one tenant (a notification from another instance), so that the next lookup reads the registry.
    public void Evict(string id) => _cache.TryRemove(id, out _);

    /// Forgets every tenant: notifications may have been missed while the listener was disconnected.
    public void EvictAll() => _cache.Clear();

    private const string SelectColumns =
        "select id, kind, display_name, jurisdiction, server, database_name, status, created_at from platform.tenants";

    private static TenantInfo Read(NpgsqlDataReader r) => new(
        r.GetString(0),
        Enum.Parse<TenantKind>(r.GetString(1)),
        r.GetString(2),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        Enum.Parse<TenantStatus>(r.GetString(6)),
        r.GetFieldValue<DateTimeOffset>(7));
}
