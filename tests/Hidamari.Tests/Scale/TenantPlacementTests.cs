using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hidamari.Tests.Scale;

[Trait("Category", "Scale")]
public sealed class TenantPlacementTests(TwoServerPortalFactory portal) : IClassFixture<TwoServerPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task New_tenants_spread_over_both_servers_and_each_database_is_on_its_server()
    {
        var tenants = new List<TenantInfo>();
        for (var i = 0; i < 4; i++) tenants.Add(await portal.CreateTenantAsync(PortalFactory.NewTenantId($"spread{i}")));

        Assert.Equal(2, tenants.Select(t => t.Server).Distinct().Count());
        // The fewest-tenants rule keeps the whole registry balanced within one tenant.
        var all = await portal.Services.GetRequiredService<TenantRegistry>().ListAsync(Ct);
        var counts = all.GroupBy(t => t.Server).Select(g => g.Count()).ToList();
        Assert.Equal(2, counts.Count);
        Assert.True(Math.Abs(counts[0] - counts[1]) <= 1, string.Join(", ", counts));
        Reliability.ReliabilitySetup.Figure($"[scale] tenants per server: " +
            string.Join(", ", all.GroupBy(t => t.Server).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}")));

        var onFirst = await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix);
        var onSecond = await SecondPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix);
        foreach (var t in tenants)
        {
            Assert.Equal(t.Server == TwoServerPortalFactory.Second, onSecond.Contains(t.DatabaseName));
            Assert.Equal(t.Server == TenancyOptions.DefaultServer, onFirst.Contains(t.DatabaseName));
            // Each is served from wherever it lives.
            var response = await portal.ClientFor(t).GetAsync($"/api/t/{t.Id}/facilities", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_tenant_in_maintenance_is_read_but_writes_are_refused_with_503()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("maint"));
        var client = portal.ClientFor(tenant);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "保守学園", 20)).StatusCode);

        var registry = portal.Services.GetRequiredService<TenantRegistry>();
        await registry.SetStatusAsync(tenant.Id, TenantStatus.Maintenance, Ct);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/t/{tenant.Id}/facilities", Ct)).StatusCode);
            var refused = await AddFacilityAsync(client, tenant, "拒否学園", 10);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Contains("maintenance", await refused.Content.ReadAsStringAsync(Ct));
        }
        finally
        {
            await registry.SetStatusAsync(tenant.Id, TenantStatus.Active, Ct);
        }
        Assert.Equal(20, (await FacilitiesAsync(client, tenant)).Totals.TotalCapacity);
    }

    [Fact]
    public async Task A_moved_tenant_keeps_its_data_and_is_served_from_the_other_server()
    {
        var tenant = await portal.Services.GetRequiredService<TenantProvisioner>().CreateAsync(
            new NewTenant(PortalFactory.NewTenantId("move"), TenantKind.Corporation, "社会福祉法人 引越会", "東京都世田谷区", TenancyOptions.DefaultServer), Ct);
        var client = portal.ClientFor(tenant);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "引越学園", 30)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "引越ホーム", 6)).StatusCode);
        var before = await FacilitiesAsync(client, tenant);
        var eventsBefore = await CountEventsAsync(portal.ConnectionString, tenant.DatabaseName);

        var progress = new List<string>();
        var moved = await portal.Services.GetRequiredService<TenantMover>().MoveAsync(tenant.Id, TwoServerPortalFactory.Second, progress.Add, Ct);

        Assert.Equal(TwoServerPortalFactory.Second, moved.Server);
        Assert.Contains(progress, p => p.StartsWith("4/6 verify", StringComparison.Ordinal));
        Assert.Contains(progress, p => p.StartsWith("6/6 active", StringComparison.Ordinal));
        var registered = await portal.TenantAsync(tenant.Id);
        Assert.Equal((TwoServerPortalFactory.Second, TenantStatus.Active), (registered.Server, registered.Status));
        Assert.Equal(eventsBefore, await CountEventsAsync(portal.SecondServerConnectionString, tenant.DatabaseName));

        // Served afterwards, with the same data, and new writes land on the new server only.
        var after = await FacilitiesAsync(client, tenant);
        Assert.Equal(before.Totals.TotalCapacity, after.Totals.TotalCapacity);
        Assert.Equal(36, after.Totals.TotalCapacity);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "移転後ホーム", 4)).StatusCode);
        Assert.Equal(40, (await FacilitiesAsync(client, tenant)).Totals.TotalCapacity);
        Assert.True(await CountEventsAsync(portal.SecondServerConnectionString, tenant.DatabaseName) > eventsBefore);
        Assert.Equal(eventsBefore, await CountEventsAsync(portal.ConnectionString, tenant.DatabaseName));
        Reliability.ReliabilitySetup.Figure($"[scale] moved {tenant.Id} default → {TwoServerPortalFactory.Second}: {eventsBefore} events copied and verified, " +
            $"capacity {before.Totals.TotalCapacity} before and {after.Totals.TotalCapacity} after; steps: {string.Join(" | ", progress)}");
    }

    [Fact]
    public async Task The_tenant_move_command_in_another_process_is_picked_up_by_the_running_portal()
    {
        var tenant = await portal.Services.GetRequiredService<TenantProvisioner>().CreateAsync(
            new NewTenant(PortalFactory.NewTenantId("cli"), TenantKind.Corporation, "社会福祉法人 移転会", "東京都世田谷区", TwoServerPortalFactory.Second), Ct);
        var client = portal.ClientFor(tenant);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "往復学園", 25)).StatusCode);
        var eventsBefore = await CountEventsAsync(portal.SecondServerConnectionString, tenant.DatabaseName);

        var (exitCode, output) = await OperatorProcess.RunAsync(portal, new Dictionary<string, string>
        {
            [$"Hidamari__Tenancy__Servers__{TwoServerPortalFactory.Second}"] = portal.SecondServerConnectionString,
            ["Hidamari__Tenancy__MoveDrainSeconds"] = "0",
        }, "tenant", "move", "--id", tenant.Id, "--to", TenancyOptions.DefaultServer);
        Assert.True(exitCode == 0, output);
        Assert.Contains("1/6 maintenance", output);
        Assert.Contains($"moved {tenant.Id} to default/{tenant.DatabaseName}", output);

        // This portal instance learns the new location when its registry cache (15 s) expires, then writes go there.
        var deadline = DateTime.UtcNow + TenantRegistry.CacheLifetime + TimeSpan.FromSeconds(10);
        while ((await portal.TenantAsync(tenant.Id)).Server != TenancyOptions.DefaultServer && DateTime.UtcNow < deadline)
            await Task.Delay(500, Ct);
        Assert.Equal(25, (await FacilitiesAsync(client, tenant)).Totals.TotalCapacity);
        Assert.Equal(HttpStatusCode.Created, (await AddFacilityAsync(client, tenant, "到着ホーム", 5)).StatusCode);
        Assert.Equal(30, (await FacilitiesAsync(client, tenant)).Totals.TotalCapacity);
        Assert.True(await CountEventsAsync(portal.ConnectionString, tenant.DatabaseName) > eventsBefore);
        Assert.Equal(eventsBefore, await CountEventsAsync(portal.SecondServerConnectionString, tenant.DatabaseName));
    }

    private static Task<HttpResponseMessage> AddFacilityAsync(HttpClient client, TenantInfo tenant, string name, int capacity) =>
        client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = capacity, effectiveOn = "2021-04-01" });

    private static async Task<FacilityList> FacilitiesAsync(HttpClient client, TenantInfo tenant)
    {
        var response = await client.GetAsync($"/api/t/{tenant.Id}/facilities", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<FacilityList>())!;
    }

    private static async Task<long> CountEventsAsync(string server, string database)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select count(*) from hidamari.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
