using System.Security.Claims;
using OpenIddict.Abstractions;

namespace Hidamari.Tenancy.Identity;

/// <summary>The roles a principal holds in a tenant: a person's memberships, or the fixed role of an API client
/// registered for exactly that tenant. Empty means no access at all. Answers are remembered for a few seconds per
/// (person or client, tenant) and forgotten on any change to access (<see cref="AccessCache"/>).</summary>
public sealed class TenantAccess(Memberships memberships, ApiClients clients, AccessCache cache)
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
            if (clientTenant != tenant.Id || clientId is null) return [];
            return await RememberedAsync($"client\n{clientId}\n{tenant.Id}", async () =>
                await clients.TenantOfActiveClientAsync(clientId, ct) == tenant.Id ? [ApiClientRole] : []);
        }

        var userId = UserId(principal);
        return userId is null ? [] : await RememberedAsync($"user\n{userId}\n{tenant.Id}", () => memberships.RolesAsync(userId, tenant.Id, ct));
    }

    private async Task<IReadOnlyList<string>> RememberedAsync(string key, Func<Task<IReadOnlyList<string>>> lookUp)
    {
        if (cache.TryGetRoles(key, out var known)) return known;
        var generation = cache.Generation;
        var roles = await lookUp();
        cache.RememberRoles(key, roles, generation);
        return roles;
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
