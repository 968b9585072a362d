using System.Diagnostics;
using Hidamari.Bench.Infrastructure;
using Hidamari.Tenancy;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// Many tenants active on one portal: open PostgreSQL connections (pg_stat_activity), portal memory, and the first
/// request to a cold tenant against a warm one. Tenants are provisioned by one portal instance, which then stops;
/// a second instance serves them, so that each tenant is cold there (the portal itself is warm, as in production).
/// Baseline: the same instance with one tenant active under 64 concurrent requests.
/// The pool options under test (MaxPoolSizePerTenant, ConnectionIdleLifetimeSeconds, WarmTenantPools) are applied by
/// Tenancy's TenantDataSources where each tenant pool is built, whatever connection string was stored.
/// To spare the shared PostgreSQL server, touching new tenants pauses while this benchmark holds more than
/// <see cref="SafetyCap"/> connections; the growth before that point is reported as connections per tenant.
/// </summary>
public sealed class TenantsBenchmark : IBenchmark
{
    private const int SafetyCap = 150;
    // Tenancy prunes tenant pools every min(idle lifetime / 2, 10) s (TenantDataSources).
    private static int PruningIntervalSeconds(int idleSeconds) => Math.Clamp(idleSeconds / 2, 1, 10);

    public string Name => "tenants";

    public string Description => "N tenants active (500; 20 with --quick): connections, memory, cold vs warm first request";

    public async Task RunAsync(BenchContext context)
    {
        var report = context.Report;
        var prefix = context.PrefixFor(Name);
        var count = context.Size(20, 500);
        var maxPool = new TenancyOptions().MaxPoolSizePerTenant;
        var warmPools = new TenancyOptions().WarmTenantPools;
        var bound = maxPool * warmPools;
        var idleSeconds = context.Quick ? 10 : new TenancyOptions().ConnectionIdleLifetimeSeconds;
        var settings = new Dictionary<string, string>
        {
            ["Hidamari:Tenancy:MaxPoolSizePerTenant"] = maxPool.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hidamari:Tenancy:ConnectionIdleLifetimeSeconds"] = idleSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        report.Note($"tenants: {count} tenants{(context.Quick ? " (--quick; the full run uses 500)" : "")}, MaxPoolSizePerTenant={maxPool}, ConnectionIdleLifetimeSeconds={idleSeconds}{(context.Quick ? " (--quick; default 60)" : "")}, WarmTenantPools={warmPools}: configured bound {bound} tenant connections");

        var tenantPrefix = prefix + "t_";
        var ids = Enumerable.Range(0, count).Select(i => $"tenant-{i:D3}").ToArray();
        await using (var provisioning = new BenchPortal(prefix, kestrel: false, settings).Start())
        {
            for (var i = 0; i < count; i++)
            {
                if (i % 25 == 0) Report.Progress($"tenants: provisioning {i}/{count}");
                await WaitBelowCapAsync(prefix);
                var tenant = await provisioning.CreateTenantAsync(ids[i]);
                await provisioning.GrantAsync(tenant);
                await ApiBenchmark.SeedCorporationAsync(provisioning, tenant, facilities: 2, groupHomesEach: 2);
            }
        }
        await WaitForConnectionsAsync(prefix, 0, TimeSpan.FromSeconds(30));

        await using var portal = new BenchPortal(prefix, kestrel: true, settings).Start();
        var session = await portal.SignInCookieAsync();
        using var probe = portal.NewClient(session);
        async Task<double> TimedGetAsync(string tenant)
        {
            var clock = Stopwatch.StartNew();
            using var response = await probe.GetAsync($"/api/t/{tenant}/facilities");
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{tenant}: {(int)response.StatusCode}");
            return clock.Elapsed.TotalMilliseconds;
        }

        var idleHeap = Machine.ManagedHeapMiB();

        // Baseline: one tenant, 64 concurrent clients.
        var clients = Enumerable.Range(0, 64).Select(_ => portal.NewClient(session)).ToArray();
        var oneCold = await TimedGetAsync(ids[0]);
        var peak = new PeakSampler(tenantPrefix);
        var one = await LoadRunner.RunAsync(clients.Length, TimeSpan.FromSeconds(3), async c =>
        {
            using var response = await clients[c].GetAsync($"/api/t/{ids[0]}/facilities");
            return response.IsSuccessStatusCode;
        });
        var onePeak = await peak.StopAsync();
        var oneHeap = Machine.ManagedHeapMiB();

        // Every other tenant: a cold first request, then a warm one.
        var cold = new List<double> { oneCold };
        using var counters = new NpgsqlCounters();
        var coldDb = new NpgsqlCounters.Snapshot();
        var warmDb = new NpgsqlCounters.Snapshot();
        var warm = new List<double>();
        var paused = TimeSpan.Zero;
        (int Tenants, long Connections)? atCap = null;
        peak = new PeakSampler(tenantPrefix);
        var touch = Stopwatch.StartNew();
        for (var i = 1; i < count; i++)
        {
            if (i == 1)
            {
                // What a cold tenant's first request sends, statement by statement (one tenant, outside the figures).
                using var trace = new SqlTrace();
                cold.Add(await TimedGetAsync(ids[i]));
                foreach (var statement in trace.Statements(160)) report.Note("tenants: cold request statement: " + statement);
                warm.Add(await TimedGetAsync(ids[i]));
                continue;
            }
            if (i % 50 == 0) Report.Progress($"tenants: touching {i}/{count}");
            var open = await BenchServer.ConnectionsAsync(tenantPrefix);
            if (open >= SafetyCap)
            {
                atCap ??= (i, open);
                var wait = Stopwatch.StartNew();
                await WaitBelowCapAsync(prefix);
                paused += wait.Elapsed;
            }
            var before = counters.Now();
            cold.Add(await TimedGetAsync(ids[i]));
            var between = counters.Now();
            warm.Add(await TimedGetAsync(ids[i]));
            coldDb += between - before;
            warmDb += counters.Now() - between;
        }
        var touchSeconds = touch.Seconds();
        var allPeak = await peak.StopAsync();
        var afterTouch = await BenchServer.ConnectionsAsync(tenantPrefix);
        var platform = await BenchServer.ConnectionsAsync(prefix + "platform");
        var allHeap = Machine.ManagedHeapMiB();
        var allRss = Machine.RssMiB();

        Report.Progress($"tenants: idle {idleSeconds + PruningIntervalSeconds(idleSeconds) + 2} s");
        await Task.Delay(TimeSpan.FromSeconds(idleSeconds + PruningIntervalSeconds(idleSeconds) + 2));
        var afterIdle = await BenchServer.ConnectionsAsync(tenantPrefix);
        foreach (var client in clients) client.Dispose();

        report.Figure("tenants.count", count, "tenants");
        report.Figure("tenants.connections.bound", bound, "connections (WarmTenantPools × MaxPoolSizePerTenant: idle tenant connections at most)");
        report.Figure("tenants.connections.cooled", portal.Get<TenantDataSources>().Cooled, "tenant pools cooled (idle connections closed for a more recent tenant)");
        report.Figure("tenants.connections.one_tenant", onePeak, "connections (peak, 1 tenant, 64 concurrent clients)");
        report.Figure("tenants.connections.all_tenants", allPeak, $"connections (peak while {count} tenants each served 2 requests in {touchSeconds:0} s)");
        report.Figure("tenants.connections.after_touch", afterTouch, "connections");
        report.Figure("tenants.connections.platform", platform, "connections (shared database: registry, Marten tenant table)");
        report.Figure("tenants.connections.after_idle", afterIdle, $"connections ({idleSeconds + PruningIntervalSeconds(idleSeconds) + 2} s without requests)");
        if (atCap is { } cap)
        {
            report.Figure("tenants.connections.per_tenant", (cap.Connections - onePeak) / (double)(cap.Tenants - 1), "connections per tenant touched (before the safety cap)");
            report.Figure("tenants.paused", paused.TotalSeconds, $"s waited for connections to fall below {SafetyCap}");
        }
        else report.Figure("tenants.connections.per_tenant", (afterTouch - onePeak) / (double)(count - 1), "connections per tenant touched");
        report.Ratio("tenants.connections", allPeak / (double)Math.Max(1, onePeak));
        report.Figure("tenants.memory.idle.heap", idleHeap, "MiB");
        report.Figure("tenants.memory.one_tenant.heap", oneHeap, "MiB");
        report.Figure("tenants.memory.all_tenants.heap", allHeap, "MiB");
        report.Figure("tenants.memory.per_tenant.heap", (allHeap - oneHeap) * 1024 / (count - 1), "KiB");
        report.Figure("tenants.memory.all_tenants.rss", allRss, "MiB (whole bench process: context only; the heap is the measure)");
        report.Ratio("tenants.memory", allHeap / oneHeap);
        report.Figure("tenants.first_request.cold.p50", Stats.Percentile(cold, 50), "ms");
        report.Figure("tenants.first_request.cold.p95", Stats.Percentile(cold, 95), "ms");
        report.Figure("tenants.first_request.warm.p50", Stats.Percentile(warm, 50), "ms");
        report.Figure("tenants.first_request.warm.p95", Stats.Percentile(warm, 95), "ms");
        report.Figure("tenants.first_request.cold.round_trips", coldDb.Commands / (double)(count - 2), "per request");
        report.Figure("tenants.first_request.cold.db_time", coldDb.Seconds * 1000 / (count - 2), "ms per request");
        report.Figure("tenants.first_request.cold.connections_opened", coldDb.ConnectionsOpened / (double)(count - 2), "per request");
        report.Figure("tenants.first_request.warm.round_trips", warmDb.Commands / (double)(count - 2), "per request");
        report.Figure("tenants.first_request.warm.db_time", warmDb.Seconds * 1000 / (count - 2), "ms per request");
        report.Ratio("tenants.cold_vs_warm", Stats.Percentile(cold, 50) / Stats.Percentile(warm, 50));
        report.Figure("tenants.one_tenant.requests", one.PerSecond, "requests/s (baseline load)");
        var bounded = allPeak <= bound;
        report.Note(bounded
            ? $"tenants: goal met: peak {allPeak} connections with {count} tenants, within the configured bound {bound} (WarmTenantPools × MaxPoolSizePerTenant), not growing with tenant count"
            : $"tenants: goal NOT met: peak {allPeak} connections above the configured bound {bound}; see bench/README.md");
    }

    private static async Task WaitBelowCapAsync(string prefix)
    {
        while (await BenchServer.ConnectionsAsync(prefix) >= SafetyCap) await Task.Delay(500);
    }

    private static async Task WaitForConnectionsAsync(string prefix, long atMost, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await BenchServer.ConnectionsAsync(prefix) > atMost && clock.Elapsed < timeout) await Task.Delay(250);
    }

    /// Samples this benchmark's server connections every 200 ms until stopped; returns the highest count seen.
    private sealed class PeakSampler
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _task;

        public PeakSampler(string prefix)
        {
            _task = Task.Run(async () =>
            {
                long peak = 0;
                while (!_stop.IsCancellationRequested)
                {
                    peak = Math.Max(peak, await BenchServer.ConnectionsAsync(prefix));
                    try { await Task.Delay(200, _stop.Token); } catch (OperationCanceledException) { }
                }
                return Math.Max(peak, await BenchServer.ConnectionsAsync(prefix));
            });
        }

        public async Task<long> StopAsync()
        {
            await _stop.CancelAsync();
            var peak = await _task;
            _stop.Dispose();
            return peak;
        }
    }
}
