using Marten;
using Marten.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hidamari.Tenancy;

/// <summary>
/// The end of a tenant's life: status changes through the registry, and dropping its database once an operator has
/// confirmed (the confirmation itself, and the export taken before it, are the portal's business).
/// </summary>
public sealed class TenantLifecycle(
    TenantRegistry registry, IDocumentStore store, IOptions<TenancyOptions> options, ILogger<TenantLifecycle> logger)
{
    /// Stops serving the tenant: its routes answer 404, on other portal instances too as soon as the change commits (registry NOTIFY).
    public Task CloseAsync(TenantInfo tenant, CancellationToken ct = default) => registry.SetStatusAsync(tenant.Id, TenantStatus.Closed, ct);

    /// Serves a closed tenant again, in the status it had (a closure that was not carried through).
    public Task ReopenAsync(TenantInfo tenant, CancellationToken ct = default) =>
        registry.SetStatusAsync(tenant.Id, tenant.Status is TenantStatus.Maintenance ? TenantStatus.Maintenance : TenantStatus.Active, ct);

    /// Drops a closed tenant's database and forgets it in Marten's tenant table. The registry row stays, with status
    /// <see cref="TenantStatus.Closed"/>, so that the id is never reused by mistake.
    public async Task DropClosedAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        if (await registry.FindAsync(tenant.Id, ct) is not { Status: TenantStatus.Closed })
            throw new InvalidOperationException($"Tenant '{tenant.Id}' is not closed; its database is kept.");
        await DropAsync(tenant, ct);
        logger.LogWarning("Tenant {TenantId} closed; database {Database} on {Server} dropped", tenant.Id, tenant.DatabaseName, tenant.Server);
    }

    /// Undoes a tenant that never went into use (a restore that failed halfway): database, Marten entry and registry row.
    public async Task DiscardAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        await registry.SetStatusAsync(tenant.Id, TenantStatus.Provisioning, ct);
        await DropAsync(tenant, ct);
        await registry.RemoveAsync(tenant.Id, ct);
        logger.LogWarning("Tenant {TenantId} discarded", tenant.Id);
    }

    private async Task DropAsync(TenantInfo tenant, CancellationToken ct)
    {
        var tenancy = (MasterTableTenancy)store.Options.Tenancy;
        await tenancy.RemoveTenantAsync(tenant.Id);

        var server = new NpgsqlConnectionStringBuilder(options.Value.AllServers()[tenant.Server]) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"drop database if exists {PlatformDatabase.Quote(tenant.DatabaseName)} with (force)", conn);
        await drop.ExecuteNonQueryAsync(ct);
    }
}
