using System.Diagnostics;
using Hidamari.Bench.Infrastructure;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using JasperFx.Events.Daemon;
using Marten;
using Npgsql;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// Rebuilds <see cref="FacilityOverviewProjection"/> for one tenant holding 200,000 facility and group-home events,
/// with Marten's projection daemon, in the portal's own store configuration. Baseline: reading the same rows of
/// mt_events with plain Npgsql (every column the daemon loads), in the same database.
/// </summary>
public sealed class RebuildBenchmark : IBenchmark
{
    private const int EventsPerFacility = 10;
    private const int StreamsPerSession = 500;

    public string Name => "rebuild";

    public string Description => "FacilityOverviewProjection rebuild of one tenant with 200,000 events vs raw read of the rows";

    public async Task RunAsync(BenchContext context)
    {
        var report = context.Report;
        var prefix = context.PrefixFor(Name);
        const int events = 200_000;
        await using var portal = new BenchPortal(prefix, kestrel: false).Start();
        var tenant = await portal.CreateTenantAsync("rebuild");
        var stores = portal.Get<TenantStores>();
        var store = portal.Get<IDocumentStore>();

        Report.Progress($"rebuild: appending {events:N0} events");
        var facilities = events / EventsPerFacility;
        var load = Stopwatch.StartNew();
        for (var start = 0; start < facilities; start += StreamsPerSession)
        {
            await using var session = stores.OpenSession(tenant);
            session.LastModifiedBy = "bench";
            for (var f = start; f < Math.Min(facilities, start + StreamsPerSession); f++)
            {
                var id = Guid.CreateVersion7();
                var stream = new List<object> { new FacilityRegistered(id, FacilityKind.ChildrensHome, $"ひだまり学園 {f}", "東京都世田谷区", 40, new DateOnly(2015, 4, 1)) };
                for (var g = 1; g < EventsPerFacility; g++)
                    stream.Add(new GroupHomeOpened(id, Guid.CreateVersion7(), GroupHomeKind.RegionalSmallScale, $"ひだまりホーム {g}", 4 + g % 3, new DateOnly(2016 + g, 4, 1)));
                session.Events.StartStream<Facility>(id, stream);
            }
            await session.SaveChangesAsync();
        }
        report.Figure("rebuild.load", events / load.Seconds(), "events/s (appending the data, inline projection on)");

        var tenantDb = tenant.DatabaseName;
        await BenchServer.ExecuteAsync("vacuum analyze hidamari.mt_events", tenantDb);
        await BenchServer.ExecuteAsync("vacuum analyze hidamari.mt_streams", tenantDb);
        var rowCount = await CountAsync(tenantDb, "select count(*) from hidamari.mt_events");
        if (rowCount != events) throw new InvalidOperationException($"expected {events} events, found {rowCount}");

        var rounds = context.Size(1, 3);
        var rawTimes = new List<double>();
        var rebuildTimes = new List<double>();
        using var counters = new NpgsqlCounters();
        var db = new NpgsqlCounters.Snapshot();
        for (var r = 0; r < rounds; r++)
        {
            Report.Progress($"rebuild: round {r + 1}/{rounds}");
            rawTimes.Add(await RawReadAsync(tenantDb, events));

            await BenchServer.ExecuteAsync("truncate hidamari.mt_doc_facilityoverview", tenantDb);
            var before = counters.Now();
            var clock = Stopwatch.StartNew();
            using (var daemon = await store.BuildProjectionDaemonAsync(tenant.Id))
            {
                await daemon.RebuildProjectionAsync<FacilityOverviewProjection>(TimeSpan.FromMinutes(20), CancellationToken.None);
            }
            rebuildTimes.Add(clock.Seconds());
            db += counters.Now() - before;

            var docs = await CountAsync(tenantDb, "select count(*) from hidamari.mt_doc_facilityoverview");
            var groupHomes = await CountAsync(tenantDb, "select sum(jsonb_array_length(data -> 'GroupHomes')) from hidamari.mt_doc_facilityoverview");
            if (docs != facilities || groupHomes != facilities * (EventsPerFacility - 1))
                throw new InvalidOperationException($"rebuild produced {docs} overviews with {groupHomes} group homes; expected {facilities} and {facilities * (EventsPerFacility - 1)}");
        }

        var ours = events / rebuildTimes.Min();
        var raw = events / rawTimes.Min();
        report.Figure("rebuild.ours", ours, "events/s");
        report.Figure("rebuild.ours.time", rebuildTimes.Min(), "s");
        report.Figure("rebuild.baseline", raw, "rows/s");
        report.Figure("rebuild.baseline.time", rawTimes.Min(), "s");
        report.Ratio("rebuild", ours / raw);
        report.Figure("rebuild.ours.round_trips", db.Commands / (double)rounds, "per rebuild");
        report.Figure("rebuild.ours.db_time", db.Seconds / rounds, "s per rebuild (summed over Npgsql commands, which overlap)");
        report.Note(ours >= 5000 ? "rebuild: goal met (>= 5,000 events/s)" : "rebuild: goal NOT met (>= 5,000 events/s); see bench/README.md");
    }

    /// Reads every event row in order, with the columns the daemon loads, decoding each value.
    private static async Task<double> RawReadAsync(string database, int expected)
    {
        await using var conn = new NpgsqlConnection(BenchServer.Database(database));
        await conn.OpenAsync();
        var clock = Stopwatch.StartNew();
        await using var cmd = new NpgsqlCommand(
            "select seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, user_name from hidamari.mt_events order by seq_id", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        long rows = 0, bytes = 0;
        while (await reader.ReadAsync())
        {
            _ = reader.GetInt64(0);
            _ = reader.GetGuid(1);
            _ = reader.GetGuid(2);
            _ = reader.GetInt64(3);
            bytes += reader.GetString(4).Length;
            _ = reader.GetString(5);
            _ = reader.GetFieldValue<DateTimeOffset>(6);
            _ = reader.GetString(7);
            _ = reader.IsDBNull(8) ? null : reader.GetString(8);
            _ = reader.IsDBNull(9) ? null : reader.GetString(9);
            rows++;
        }
        if (rows != expected) throw new InvalidOperationException($"raw read saw {rows} rows");
        return clock.Seconds();
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var conn = new NpgsqlConnection(BenchServer.Database(database));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
