using Marten;

namespace Hidamari.Tenancy;

/// <summary>
/// The only way features reach a tenant's Marten store. It takes a <see cref="TenantInfo"/>, which only the
/// registry hands out, so an id from a URL can never make Marten open (or create) a database by itself.
/// Sessions are lightweight and meant for one operation.
/// </summary>
public sealed class TenantStores(IDocumentStore store, TenantDataSources pools)
{
    public IDocumentSession OpenSession(TenantInfo tenant)
    {
        EnsureServing(tenant);
        // A tenant in maintenance (being moved) is read-only until it is active again.
        if (tenant.Status == TenantStatus.Maintenance) throw new TenantUnavailableException(tenant.Id, tenant.Status);
        return store.LightweightSession(tenant.Id);
    }

    public IQuerySession QuerySession(TenantInfo tenant)
    {
        EnsureServing(tenant);
        return store.QuerySession(tenant.Id);
    }

    private void EnsureServing(TenantInfo tenant)
    {
        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Maintenance))
            throw new TenantUnavailableException(tenant.Id, tenant.Status);
        pools.Touch(tenant.DatabaseName);
    }
}

public sealed class TenantUnavailableException(string id, TenantStatus status)
    : Exception($"Tenant '{id}' is {status} and cannot be served.")
{
    public TenantStatus Status { get; } = status;
}
