using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hidamari.Tenancy.Identity;

/// For `dotnet ef migrations add`: the model only, no database is touched.
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PlatformDbContext>
{
    public PlatformDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlatformDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design", n => n.MigrationsHistoryTable("__migrations", "identity"))
            .UseOpenIddict()
            .Options);
}
