using System.Diagnostics;
using System.Net;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// Two portal instances on the same databases: this test's in-memory portal and a child process. A tenant closed (or
/// reopened) through one is refused (or served) by the other within moments, not after the registry cache's 15 s:
/// the registry change is announced with NOTIFY and every instance's listener evicts its cached entry.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class TenantClosureAcrossInstancesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// Far below the cache lifetime, yet generous for a loaded two-core machine.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_closure_on_one_instance_takes_effect_on_another_within_moments_and_so_does_reopening()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(TenantRegistry.CacheLifetime > Prompt * 2);
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("close2"));
        var apiClient = await portal.ApiClientAsync(tenant);
        var url = $"/api/t/{tenant.Id}/facilities";

        await using var other = await PortalProcess.StartAsync(portal, ct);
        using var client = await other.ClientAsync(apiClient, ct);
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync(url, ReliabilitySetup.Facility("閉鎖前学園"), ct)).StatusCode);
        // The other instance has the tenant in its registry cache now; both instances listen for registry changes.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url, ct)).StatusCode);
        await WaitForListenersAsync(2, ct);

        var lifecycle = portal.Services.GetRequiredService<TenantLifecycle>();
        var clock = Stopwatch.StartNew();
        await lifecycle.CloseAsync(tenant, ct);
        var closedAfter = await UntilAsync(client, url, HttpStatusCode.NotFound, ct);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync(url, ReliabilitySetup.Facility("閉鎖後学園"), ct)).StatusCode);

        clock.Restart();
        await lifecycle.ReopenAsync((await portal.Services.GetRequiredService<TenantRegistry>().FindAsync(tenant.Id, ct))!, ct);
        var reopenedAfter = await UntilAsync(client, url, HttpStatusCode.OK, ct);

        ReliabilitySetup.Figure($"[reliability] tenant closure across instances: refused by the other instance after {closedAfter.TotalMilliseconds:F0} ms, " +
            $"served again after reopening in {reopenedAfter.TotalMilliseconds:F0} ms (registry cache lifetime {TenantRegistry.CacheLifetime.TotalSeconds:F0} s)");
        Assert.True(closedAfter < Prompt, $"closure took {closedAfter} to reach the other instance");
        Assert.True(reopenedAfter < Prompt, $"reopening took {reopenedAfter} to reach the other instance");
        var names = (await (await client.GetAsync(url, ct)).ReadAsync<Hidamari.Portal.Features.Facilities.FacilityList>(ct))!.Facilities.Select(f => f.Name);
        Assert.Equal(["閉鎖前学園"], names);
    }

    /// How long until the other instance answers <paramref name="expected"/>; gives up (and returns the time) after the cache lifetime.
    private static async Task<TimeSpan> UntilAsync(HttpClient client, string url, HttpStatusCode expected, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TenantRegistry.CacheLifetime + TimeSpan.FromSeconds(5))
        {
            if ((await client.GetAsync(url, ct)).StatusCode == expected) return clock.Elapsed;
            await Task.Delay(50, ct);
        }
        return clock.Elapsed;
    }

    /// Waits until <paramref name="count"/> sessions on the shared database listen (the registry listener of each instance).
    private async Task WaitForListenersAsync(int count, CancellationToken ct)
    {
        var shared = new NpgsqlConnectionStringBuilder(portal.ConnectionString);
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long listening = 0;
        while (DateTime.UtcNow < deadline)
        {
            await using var cmd = new NpgsqlCommand(
                "select count(*) from pg_stat_activity where datname = $1 and starts_with(query, $2)", conn)
            {
                // The listener's connection last ran its LISTEN statements (the registry's and the access cache's channel).
                Parameters = { new() { Value = shared.Database }, new() { Value = "listen " } },
            };
            listening = (long)(await cmd.ExecuteScalarAsync(ct))!;
            if (listening >= count) return;
            await Task.Delay(100, ct);
        }
        Assert.Fail($"only {listening} instances listen for registry changes");
    }
}
