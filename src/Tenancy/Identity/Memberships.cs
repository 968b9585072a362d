using Microsoft.EntityFrameworkCore;

namespace Hidamari.Tenancy.Identity;

public sealed record MemberView(string UserId, string Email, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>Who belongs to which tenant with which roles. Requests check roles through <see cref="TenantAccess"/>, which
/// remembers answers for a few seconds but forgets them on every change made here (<see cref="AccessCache"/>), so a
/// removed membership stops working on the next request, on every portal instance.</summary>
public sealed class Memberships(IDbContextFactory<PlatformDbContext> contexts, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<string>> RolesAsync(string userId, string tenantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Memberships.Where(m => m.UserId == userId && m.TenantId == tenantId)
            .Select(m => m.Role).OrderBy(r => r).ToListAsync(ct);
    }

    /// The tenants a person belongs to, with their roles in each.
    public async Task<IReadOnlyDictionary<string, string[]>> TenantsOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Memberships.Where(m => m.UserId == userId).Select(m => new { m.TenantId, m.Role }).ToListAsync(ct);
        return rows.GroupBy(r => r.TenantId).ToDictionary(g => g.Key, g => g.Select(r => r.Role).Order().ToArray());
    }

    public async Task<IReadOnlyList<MemberView>> MembersOfAsync(string tenantId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await (from m in db.Memberships
                          join u in db.Users on m.UserId equals u.Id
                          where m.TenantId == tenantId
                          select new { u.Id, u.Email, u.DisplayName, m.Role }).ToListAsync(ct);
        return rows.GroupBy(r => (r.Id, r.Email, r.DisplayName))
            .Select(g => new MemberView(g.Key.Id, g.Key.Email ?? "", g.Key.DisplayName, g.Select(r => r.Role).Order().ToList()))
            .OrderBy(m => m.Email, StringComparer.Ordinal).ToList();
    }

    /// Replaces a person's roles in a tenant (an empty list removes the membership). Audited.
    public async Task SetRolesAsync(TenantInfo tenant, string userId, IReadOnlyCollection<string> roles, string actor, CancellationToken ct = default)
    {
        if (roles.Any(r => !Roles.IsValidFor(tenant.Kind, r))) throw new ArgumentException("Unknown role for this tenant kind.", nameof(roles));
        await using var db = await contexts.CreateDbContextAsync(ct);
        var current = await db.Memberships.Where(m => m.UserId == userId && m.TenantId == tenant.Id).ToListAsync(ct);
        db.Memberships.RemoveRange(current.Where(m => !roles.Contains(m.Role)));
        foreach (var role in roles.Where(r => current.All(m => m.Role != r)))
            db.Memberships.Add(new Membership { UserId = userId, TenantId = tenant.Id, Role = role, CreatedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(tenant.Id, actor, roles.Count == 0 ? "membership.removed" : "membership.roles-changed",
            $"user={userId} roles=[{string.Join(",", roles.Order())}] was=[{string.Join(",", current.Select(m => m.Role).Order())}]", ct);
    }

    public async Task<bool> IsLastAdministratorAsync(TenantInfo tenant, string userId, CancellationToken ct = default)
    {
        var admins = Roles.Administrators(tenant.Kind);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var holders = await db.Memberships.Where(m => m.TenantId == tenant.Id && admins.Contains(m.Role))
            .Select(m => m.UserId).Distinct().ToListAsync(ct);
        return holders.Count == 1 && holders[0] == userId;
    }
}

/// <summary>The append-only audit trail in the shared database.</summary>
public sealed class AuditLog(IDbContextFactory<PlatformDbContext> contexts, TimeProvider clock)
{
    public async Task RecordAsync(string? tenantId, string actor, string action, string detail, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.AuditEntries.Add(new AuditEntry { TenantId = tenantId, At = clock.GetUtcNow(), Actor = actor, Action = action, Detail = detail });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AuditEntry>> ForTenantAsync(string tenantId, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().Where(a => a.TenantId == tenantId)
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
    }
}
