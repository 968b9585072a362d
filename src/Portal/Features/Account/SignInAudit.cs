using Hidamari.Tenancy.Identity;

namespace Hidamari.Portal.Features.Account;

/// Records a sign-in in the audit trail of every tenant the person belongs to.
public sealed class SignInAudit(Memberships memberships, AuditLog audit)
{
    public async Task RecordAsync(PortalUser user, string how, CancellationToken ct = default)
    {
        var tenants = await memberships.TenantsOfAsync(user.Id, ct);
        if (tenants.Count == 0) await audit.RecordAsync(null, user.Email ?? user.Id, "sign-in", how, ct);
        foreach (var tenant in tenants.Keys) await audit.RecordAsync(tenant, user.Email ?? user.Id, "sign-in", how, ct);
    }
}
