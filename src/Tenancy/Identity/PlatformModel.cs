using Microsoft.AspNetCore.Identity;

namespace Hidamari.Tenancy.Identity;

/// One person, once, across every tenant they belong to.
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// The platform operator: creates tenants and their first manager; sees no tenant's contents.
    public bool IsOperator { get; set; }
}

/// A person's role in one tenant. A person may hold several roles in a tenant and belong to several tenants.
public sealed class Membership
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// An invitation by e-mail to join a tenant with a role; the token itself is only sent, its hash is kept.
public sealed class Invitation
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public string Email { get; set; } = "";
    public string Role { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string InvitedBy { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// A machine client (client credentials) registered by a tenant's manager; it reads and writes only that tenant.
public sealed class TenantApiClient
{
    public string ClientId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>
/// Append-only audit trail (sign-ins, role changes, API clients), per tenant where one applies. A database trigger
/// refuses UPDATE and DELETE, so the application cannot edit it.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public string? TenantId { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Detail { get; set; } = "";
}
