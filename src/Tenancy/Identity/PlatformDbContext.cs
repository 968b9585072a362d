using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hidamari.Tenancy.Identity;

/// <summary>
/// The shared identity database: users, memberships, invitations, API clients, audit, OpenIddict's applications,
/// authorizations and tokens, and the Data Protection keys every portal instance shares.
/// </summary>
public sealed class PlatformDbContext(DbContextOptions<PlatformDbContext> options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<TenantApiClient> TenantApiClients => Set<TenantApiClient>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema("identity");
        builder.UseOpenIddict();

        builder.Entity<PortalUser>().Property(u => u.DisplayName).HasMaxLength(100);
        builder.Entity<Membership>(m =>
        {
            m.HasIndex(x => new { x.UserId, x.TenantId, x.Role }).IsUnique();
            m.HasIndex(x => x.TenantId);
            m.Property(x => x.TenantId).HasMaxLength(40);
            m.Property(x => x.Role).HasMaxLength(20);
            m.HasOne<PortalUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<Invitation>(i =>
        {
            i.HasIndex(x => x.TokenHash).IsUnique();
            i.Property(x => x.Email).HasMaxLength(256);
        });
        builder.Entity<TenantApiClient>(c =>
        {
            c.HasKey(x => x.ClientId);
            c.HasIndex(x => x.TenantId);
        });
        builder.Entity<AuditEntry>(a =>
        {
            a.HasIndex(x => new { x.TenantId, x.At });
            a.Property(x => x.Action).HasMaxLength(64);
        });
    }
}
