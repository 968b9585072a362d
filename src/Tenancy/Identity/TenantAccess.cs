using System.Security.Claims;
using OpenIddict.Abstractions;

namespace Hidamari.Tenancy.Identity;

/// <summary>The roles a principal holds in a tenant: a person's memberships, or the fixed role of an API client
/// registered for exactly that tenant. Empty means no access at all.</summary>
public sealed class TenantAccess(Memberships memberships, ApiClients clients)
{
    public const string ApiClientRole = "api-client";
    public const string TenantClaim = "hidamari_tenant";

    public async Task<IReadOnlyList<string>> RolesAsync(ClaimsPrincipal principal, TenantInfo tenant, CancellationToken ct = default)
    {
        if (principal.Identity?.IsAuthenticated != true) return [];

        // Client credentials: the token names its tenant (signed and encrypted by the server); the client must still exist.
        if (principal.FindFirst(TenantClaim)?.Value is { } clientTenant)
        {
            var clientId = principal.FindFirst(OpenIddictConstants.Claims.Subject)?.Value;
            return clientTenant == tenant.Id && clientId is not null && await clients.TenantOfActiveClientAsync(clientId, ct) == tenant.Id
                ? [ApiClientRole]
                : [];
        }

        var userId = UserId(principal);
        return userId is null ? [] : await memberships.RolesAsync(userId, tenant.Id, ct);
    }

    public static string? UserId(ClaimsPrincipal principal) =>
        principal.FindFirst(OpenIddictConstants.Claims.Subject)?.Value ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;

    /// The name an event or audit entry is attributed to.
    public static string ActorName(ClaimsPrincipal principal) =>
        principal.FindFirst(OpenIddictConstants.Claims.Email)?.Value
        ?? principal.FindFirst(ClaimTypes.Email)?.Value
        ?? principal.Identity?.Name
        ?? principal.FindFirst(OpenIddictConstants.Claims.Subject)?.Value
        ?? "anonymous";

    /// Whether the roles allow changing data: writers of the tenant's kind, or an API client.
    public static bool CanWrite(TenantInfo tenant, IReadOnlyCollection<string> roles) =>
        roles.Contains(ApiClientRole) || roles.Any(r => Roles.Writers(tenant.Kind).Contains(r));
}
