using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hidamari.Tests.Scale;

/// A portal whose tenant pools are small: 2 warm tenant pools of at most 3 connections each.
public sealed class SmallPoolsPortalFactory : PortalFactory
{
    public const int WarmPools = 2;
    public const int PoolSize = 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hidamari:Tenancy:WarmTenantPools", WarmPools.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Hidamari:Tenancy:MaxPoolSizePerTenant", PoolSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>
/// Open PostgreSQL connections are bounded by configuration, not by the number of tenants: after many tenants were
/// used one after another, only the most recently used pools hold connections, and a cooled tenant still works.
/// </summary>
[Trait("Category", "Scale")]
public sealed class TenantConnectionBoundTests(SmallPoolsPortalFactory portal) : IClassFixture<SmallPoolsPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<int> CountAsync(TenantInfo tenant)
    {
        await using var session = portal.Services.GetRequiredService<TenantStores>().QuerySession(tenant);
        return await session.Query<FacilityOverview>().CountAsync(Ct);
    }

    /// Server connections to this portal's tenant databases, by database.
    private async Task<Dictionary<string, long>> TenantConnectionsAsync()
    {
        var server = await LocalPostgres.ServerConnectionStringAsync();
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select datname, count(*) from pg_stat_activity where starts_with(datname, $1) group by datname", conn);
        cmd.Parameters.AddWithValue(portal.DatabasePrefix + "t_");
        var result = new Dictionary<string, long>();
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct)) result[reader.GetString(0)] = reader.GetInt64(1);
        return result;
    }

    [Fact]
    public async Task Only_the_most_recently_used_tenant_pools_keep_connections()
    {
        var tenants = new List<TenantInfo>();
        for (var i = 0; i < 6; i++) tenants.Add(await portal.CreateTenantAsync(PortalFactory.NewTenantId("pool")));
        // Concurrent use of each tenant in turn, so that each pool opens several connections.
        foreach (var tenant in tenants)
            await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => CountAsync(tenant)));

        var open = await TenantConnectionsAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (open.Count > SmallPoolsPortalFactory.WarmPools && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
            open = await TenantConnectionsAsync();
        }

        Assert.True(open.Count <= SmallPoolsPortalFactory.WarmPools, $"databases with connections: {string.Join(", ", open.Keys)}");
        Assert.True(open.Values.Sum() <= SmallPoolsPortalFactory.WarmPools * SmallPoolsPortalFactory.PoolSize, $"connections: {open.Values.Sum()}");
        Assert.All(open.Keys, db => Assert.Contains(db, tenants.TakeLast(SmallPoolsPortalFactory.WarmPools).Select(t => t.DatabaseName)));
        // A cooled tenant is served again (a new connection).
        Assert.Equal(0, await CountAsync(tenants[0]));
        Assert.Equal(tenants[0].DatabaseName, portal.Services.GetRequiredService<TenantDataSources>().Warm[0]);
    }
}
