using Hidamari.Bench.Infrastructure;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Tenancy;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// The facilities list (<c>GET /api/t/{tenant}/facilities</c>: tenant resolution, a Marten query, totals, JSON) of a
/// portal on Kestrel under 64 concurrent clients, each an HttpClient with its own connection, back to back.
/// Baseline: the same clients on a trivial endpoint of the same host that passes the same middleware pipeline.
/// The two alternate in halves. Both are authenticated the same way: a machine client's bearer token on every request.
/// </summary>
public sealed class ApiBenchmark : IBenchmark
{
    private const int Clients = 64;

    public string Name => "api";

    public string Description => "facilities list under 64 concurrent clients: p50/p95/p99, errors, vs a trivial endpoint";

    public async Task RunAsync(BenchContext context)
    {
        var report = context.Report;
        await using var portal = new BenchPortal(context.PrefixFor(Name), kestrel: true).Start();
        var tenant = await portal.CreateTenantAsync("api");
        await SeedCorporationAsync(portal, tenant, facilities: 8, groupHomesEach: 4);

        // Authenticated like an integration: a machine client's bearer token, validated (and checked against the token
        // store) on every request, plus the per-request membership check.
        var token = await portal.ApiTokenAsync(tenant);
        var clients = Enumerable.Range(0, Clients).Select(_ => portal.NewClient(token)).ToArray();
        var list = $"/api/t/{tenant.Id}/facilities";
        Func<int, Task<bool>> Get(string path) => async c =>
        {
            using var response = await clients[c].GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode;
        };

        Report.Progress("api: warm-up");
        await LoadRunner.RunAsync(Clients, TimeSpan.FromSeconds(3), Get(BenchPortal.PingPath));
        await LoadRunner.RunAsync(Clients, TimeSpan.FromSeconds(3), Get(list));

        var unloaded = await LoadRunner.RunAsync(1, TimeSpan.FromSeconds(2), Get(list));

        var half = context.Duration(5, 15);
        LoadResult? ours = null, baseline = null;
        using var counters = new NpgsqlCounters();
        var db = new NpgsqlCounters.Snapshot();
        var cpu = new CpuMeter(context.PrefixFor(Name));
        CpuMeter.Snapshot cpuOurs = default, cpuBaseline = default;
        var dbBaseline = new NpgsqlCounters.Snapshot();
        for (var r = 0; r < 2; r++)
        {
            Report.Progress($"api: half {r + 1}/2");
            var cpuBefore = cpu.Now();
            var beforeBaseline = counters.Now();
            var b = await LoadRunner.RunAsync(Clients, half, Get(BenchPortal.PingPath));
            cpuBaseline += cpu.Now() - cpuBefore;
            dbBaseline += counters.Now() - beforeBaseline;
            baseline = baseline is null ? b : baseline + b;
            var before = counters.Now();
            cpuBefore = cpu.Now();
            var o = await LoadRunner.RunAsync(Clients, half, Get(list));
            cpuOurs += cpu.Now() - cpuBefore;
            db += counters.Now() - before;
            ours = ours is null ? o : ours + o;
        }
        foreach (var client in clients) client.Dispose();

        Figures(report, "api.ours", ours!);
        Figures(report, "api.baseline", baseline!);
        report.Ratio("api", ours!.PerSecond / baseline!.PerSecond);
        report.Ratio("api.p95", ours.P(95) / baseline.P(95));
        report.Figure("api.ours.unloaded.p50", unloaded.P(50), "ms (one client)");
        var requests = ours.Operations + ours.Errors;
        report.Figure("api.ours.round_trips", db.Commands / (double)requests, "per request");
        report.Figure("api.ours.db_time", db.Seconds * 1000 / requests, "ms per request");
        var baselineRequests = (double)baseline.Operations + baseline.Errors;
        report.Figure("api.baseline.round_trips", dbBaseline.Commands / baselineRequests, "per request");
        // CPU per request on each side of the wire: 64 closed-loop clients on 2 cores are bounded by it.
        report.Figure("api.ours.cpu.app", cpuOurs.AppSeconds * 1000 / requests, "ms CPU per request (bench process: portal and clients)");
        report.Figure("api.ours.cpu.db", cpuOurs.DbSeconds * 1000 / requests, "ms CPU per request (PostgreSQL backends)");
        report.Figure("api.baseline.cpu.app", cpuBaseline.AppSeconds * 1000 / baselineRequests, "ms CPU per request (bench process)");
        report.Figure("api.baseline.cpu.db", cpuBaseline.DbSeconds * 1000 / baselineRequests, "ms CPU per request (PostgreSQL backends)");
        await ProfileAsync(context, portal, tenant);
        if (ours.FirstError is { } error) report.Note($"api: first error: {error}");
        var met = ours.P(95) <= 100 && ours.Errors == 0;
        report.Note(met ? "api: goal met (p95 <= 100 ms, 0 errors)" : "api: goal NOT met (p95 <= 100 ms, 0 errors); see bench/README.md");
    }

    /// <summary>
    /// Where the list's own time goes, one call at a time: reading the tenant's facility events (one query, Marten
    /// materialising each event with its metadata), replaying them into the list, and writing the JSON response.
    /// </summary>
    private static async Task ProfileAsync(BenchContext context, BenchPortal portal, TenantInfo tenant)
    {
        var queries = portal.Get<FacilityQueries>();
        var json = portal.Get<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var steps = new Dictionary<string, List<double>> { ["read"] = [], ["replay"] = [], ["json"] = [] };
        var bytes = 0;
        var events = 0;
        for (var i = 0; i < context.Size(100, 300); i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var history = await queries.HistoryAsync(tenant, CancellationToken.None);
            steps["read"].Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            var list = history.AsOf(null);
            steps["replay"].Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            bytes = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(list, json).Length;
            steps["json"].Add(clock.Elapsed.TotalMilliseconds);
            events = history.FacilityIds.Sum(id => history.EventsOf(id).Count);
        }
        foreach (var (step, times) in steps)
            context.Report.Figure($"api.profile.{step}", Stats.Percentile(times, 50), "ms p50 (one request at a time)");
        context.Report.Note($"api: the list reads {events} events and answers {bytes} bytes of JSON");
    }

    private static void Figures(Report report, string name, LoadResult result)
    {
        report.Figure(name, result.PerSecond, "requests/s");
        report.Figure(name + ".p50", result.P(50), "ms");
        report.Figure(name + ".p95", result.P(95), "ms");
        report.Figure(name + ".p99", result.P(99), "ms");
        report.Figure(name + ".errors", result.Errors, "requests");
    }

    /// A corporation as the demo data has them: a few facilities, each with its group homes, through our commands.
    public static async Task SeedCorporationAsync(BenchPortal portal, TenantInfo tenant, int facilities, int groupHomesEach)
    {
        var commands = portal.Get<FacilityCommands>();
        for (var f = 0; f < facilities; f++)
        {
            var facility = await commands.RegisterAsync(tenant, "bench",
                new RegisterFacility(FacilityKind.ChildrensHome, $"ひだまり学園 {f + 1}", "東京都世田谷区", 30 + f, new DateOnly(2018, 4, 1)), CancellationToken.None);
            for (var g = 0; g < groupHomesEach; g++)
            {
                var opened = await commands.OpenGroupHomeAsync(tenant, "bench", facility.Value,
                    new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"ひだまりホーム {f + 1}-{g + 1}", 4 + g % 3, new DateOnly(2019 + g, 4, 1)), CancellationToken.None);
                if (!opened.Succeeded) throw new InvalidOperationException(opened.Message);
            }
        }
    }
}
