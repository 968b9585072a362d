using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Hidamari.Tenancy.Identity;

/// Applies the identity database's migrations and registers the first-party public client.
public sealed class IdentityStartup(IServiceScopeFactory scopes, IOptions<IdentityKeyOptions> keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // The history table first, so that a fresh database does not log EF's failed probe for it as an error.
        await db.Database.ExecuteSqlRawAsync("""
            create schema if not exists identity;
            create table if not exists identity.__migrations ("MigrationId" varchar(150) primary key, "ProductVersion" varchar(32) not null);
            """, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);

        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = IdentityConfiguration.PublicClientId,
            ClientType = OpenIddictConstants.ClientTypes.Public,
            DisplayName = "Hidamari (public client, authorization code + PKCE)",
            Permissions =
            {
                OpenIddictConstants.Permissions.Endpoints.Authorization,
                OpenIddictConstants.Permissions.Endpoints.Token,
                OpenIddictConstants.Permissions.Endpoints.Revocation,
                OpenIddictConstants.Permissions.GrantTypes.AuthorizationCode,
                OpenIddictConstants.Permissions.GrantTypes.RefreshToken,
                OpenIddictConstants.Permissions.ResponseTypes.Code,
                OpenIddictConstants.Permissions.Prefixes.Scope + PortalScopes.Api,
                OpenIddictConstants.Permissions.Prefixes.Scope + OpenIddictConstants.Scopes.OfflineAccess,
            },
            Requirements = { OpenIddictConstants.Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in keys.Value.PublicClientRedirectUris) descriptor.RedirectUris.Add(new Uri(uri));

        if (await applications.FindByClientIdAsync(IdentityConfiguration.PublicClientId, cancellationToken) is { } existing)
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        else
        {
            try { await applications.CreateAsync(descriptor, cancellationToken); }
            catch (Exception e) when (e is OpenIddictExceptions.ConcurrencyException or DbUpdateException)
            {
                // Another instance registered it at the same moment.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
