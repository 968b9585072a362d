using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace Hidamari.Tenancy.Identity;

public sealed record NewApiClient(string ClientId, string ClientSecret);

/// <summary>Machine clients (client credentials) that a tenant's manager registers for that tenant alone.
/// The secret is shown once and only its hash is kept (by OpenIddict); revoking deletes the client and its tokens.</summary>
public sealed class ApiClients(
    IDbContextFactory<PlatformDbContext> contexts, IOpenIddictApplicationManager applications, AuditLog audit, TimeProvider clock)
{
    public const string TenantProperty = "hidamari_tenant";

    public async Task<NewApiClient> RegisterAsync(TenantInfo tenant, string displayName, string createdBy, CancellationToken ct = default)
    {
        var clientId = $"{tenant.Id}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}";
        var secret = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await CreateAsync(tenant, clientId, secret, displayName, createdBy, ct);
        return new NewApiClient(clientId, secret);
    }

    /// Registers a client with a known id and secret (demo data documents its development secret).
    public async Task CreateAsync(TenantInfo tenant, string clientId, string secret, string displayName, string createdBy, CancellationToken ct = default)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = OpenIddictConstants.ClientTypes.Confidential,
            DisplayName = displayName,
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.GrantTypes.ClientCredentials,
                OpenIddictConstants.Permissions.Prefixes.Scope + PortalScopes.Api,
            },
        };
        descriptor.Properties[TenantProperty] = System.Text.Json.JsonSerializer.SerializeToElement(tenant.Id);
        await applications.CreateAsync(descriptor, ct);

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.TenantApiClients.Add(new TenantApiClient { ClientId = clientId, TenantId = tenant.Id, DisplayName = displayName, CreatedBy = createdBy, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(tenant.Id, createdBy, "api-client.created", $"client={clientId} name={displayName}", ct);
    }

    public async Task<IReadOnlyList<TenantApiClient>> ListAsync(string tenantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TenantApiClients.AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.CreatedAt).ToListAsync(ct);
    }

    /// The tenant a client may act for, or null when the client is unknown or revoked.
    public async Task<string?> TenantOfActiveClientAsync(string clientId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.TenantApiClients.Where(c => c.ClientId == clientId && c.RevokedAt == null).Select(c => c.TenantId).SingleOrDefaultAsync(ct);
    }

    public async Task<bool> RevokeAsync(TenantInfo tenant, string clientId, string actor, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var client = await db.TenantApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.TenantId == tenant.Id && c.RevokedAt == null, ct);
        if (client is null) return false;
        client.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);

        // Deleting the application deletes its tokens too, and token entry validation refuses them at once.
        if (await applications.FindByClientIdAsync(clientId, ct) is { } application)
            await applications.DeleteAsync(application, ct);
        await audit.RecordAsync(tenant.Id, actor, "api-client.revoked", $"client={clientId}", ct);
        return true;
    }
}

public static class PortalScopes
{
    public const string Api = "hidamari_api";
}
