using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Identity;

namespace Hidamari.Portal.DemoData;

/// <summary>
/// Demo people and API clients for the demo tenants. Their password and the API clients' secret are development
/// values from configuration (appsettings.Development.json), documented in the README; nothing is seeded without them.
/// </summary>
public sealed class DemoPeople(UserManager<PortalUser> users, Memberships memberships, ApiClients clients, TenantRegistry registry, ILogger<DemoPeople> logger)
{
    public const string Operator = "operator@hidamari.example";
    public const string MultiTenantManager = "multi@hidamari.example";

    public static string Email(string role, string tenantId) => $"{role}@{tenantId}.example";

    public static string ApiClientId(string tenantId) => $"{tenantId}-demo";

    public async Task SeedAsync(string password, string apiClientSecret, CancellationToken ct)
    {
        await EnsureUserAsync(Operator, "運用者 デモ", password, isOperator: true);
        foreach (var tenant in await registry.ListAsync(ct))
        {
            if (tenant.Status != TenantStatus.Active) continue;
            foreach (var role in Roles.For(tenant.Kind))
            {
                var user = await EnsureUserAsync(Email(role, tenant.Id), $"{tenant.DisplayName} {role}", password, isOperator: false);
                if ((await memberships.RolesAsync(user.Id, tenant.Id, ct)).Count == 0)
                    await memberships.SetRolesAsync(tenant, user.Id, [role], "demo-data", ct);
            }
            if (await clients.TenantOfActiveClientAsync(ApiClientId(tenant.Id), ct) is null)
                await clients.CreateAsync(tenant, ApiClientId(tenant.Id), apiClientSecret, "デモ用クライアント / demo client", "demo-data", ct);
        }

        // One person who manages both Setagaya corporations, to show the tenant switcher.
        var multi = await EnsureUserAsync(MultiTenantManager, "複数法人 管理者", password, isOperator: false);
        foreach (var id in new[] { DemoDataSeeder.TokyoIkuseien, DemoDataSeeder.Fukuinryo })
            if (await registry.FindAsync(id, ct) is { } tenant && (await memberships.RolesAsync(multi.Id, id, ct)).Count == 0)
                await memberships.SetRolesAsync(tenant, multi.Id, [Roles.Manager], "demo-data", ct);
    }

    private async Task<PortalUser> EnsureUserAsync(string email, string name, string password, bool isOperator)
    {
        if (await users.FindByEmailAsync(email) is { } existing) return existing;
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, IsOperator = isOperator };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException($"Demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        logger.LogInformation("Demo user {Email} created", email);
        return user;
    }
}
