using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;

namespace Hidamari.Portal.Infrastructure;

/// <summary>The person's standing in the tenant a page shows: cascaded by TenantScope, so that forms can offer only
/// what the person may do. The server still checks on every command.</summary>
public sealed record TenantSession(TenantInfo Tenant, IReadOnlyList<string> Roles, string Actor)
{
    /// What billing allows (src/Billing): a read-only tenant offers no write forms, and the server refuses writes too.
    public Hidamari.Billing.Entitlement Billing { get; init; } = Hidamari.Billing.Entitlement.Off;

    public bool CanWrite => !Billing.ReadOnly && TenantAccess.CanWrite(Tenant, Roles);

    public bool IsAdministrator => Roles.Any(Hidamari.Tenancy.Identity.Roles.Administrators(Tenant.Kind).Contains);

    public bool HasAny(IEnumerable<string> roles) => roles.Any(Roles.Contains);
}
