using System.Text.Json;
using Hidamari.Bench.Infrastructure;
using Hidamari.Portal.Features.Facilities;
using Marten;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Tenancy;
using Npgsql;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// Events appended per second through our write path: <see cref="FacilityCommands"/> on 8 tenants, one writer per
/// tenant, one event per command. Each writer registers a facility, then opens five group homes on it, each with
/// the version it last saw (FetchForWriting with an expected version: the optimistic-concurrency check the UI and
/// API use), then starts again on a new facility, so that streams stay as short as real facilities.
/// Baseline: the same 8 writers doing single-row INSERTs of the same JSON into an indexed table, autocommit.
/// The two alternate in rounds so that noise from other users of the machine falls on both.
/// </summary>
public sealed class AppendBenchmark : IBenchmark
{
    private const int Writers = 8;
    private const int GroupHomesPerFacility = 5;

    public string Name => "append";

    public string Description => "events/s through FacilityCommands (8 tenants, 8 writers) vs raw single-row INSERT";

    public async Task RunAsync(BenchContext context)
    {
        var report = context.Report;
        var prefix = context.PrefixFor(Name);
        await using var portal = new BenchPortal(prefix, kestrel: false).Start();
        var tenants = new TenantInfo[Writers];
        for (var i = 0; i < Writers; i++) tenants[i] = await portal.CreateTenantAsync($"append-{i}");

        var baselineDb = prefix + "baseline";
        await BenchServer.ExecuteAsync($"create database \"{baselineDb}\"");
        await BenchServer.ExecuteAsync("""
            create table events (
                seq         bigserial primary key,
                stream_id   uuid not null,
                version     int not null,
                type        text not null,
                data        jsonb not null,
                user_name   text not null,
                recorded_at timestamptz not null default now(),
                unique (stream_id, version));
            """, baselineDb);
        await using var raw = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(BenchServer.Database(baselineDb)) { MaxPoolSize = Writers * 2 }.ConnectionString);

        var commands = portal.Get<FacilityCommands>();
        var writers = Enumerable.Range(0, Writers).Select(_ => new WriterState()).ToArray();
        var sample = JsonSerializer.Serialize(new GroupHomeOpened(Guid.NewGuid(), Guid.NewGuid(), GroupHomeKind.RegionalSmallScale, "ひだまりホーム 12", 4, new DateOnly(2021, 4, 1)));

        async Task<bool> Ours(int w)
        {
            var state = writers[w];
            if (state.Facility is not { } facility || state.GroupHomes == GroupHomesPerFacility)
            {
                var registered = await commands.RegisterAsync(tenants[w], "bench", new RegisterFacility(
                    FacilityKind.ChildrensHome, $"ひだまり学園 {w}-{state.Facilities++}", "東京都世田谷区", 30, new DateOnly(2020, 4, 1)), CancellationToken.None);
                if (!registered.Succeeded) return false;
                (state.Facility, state.Version, state.GroupHomes) = (registered.Value, 1, 0);
                return true;
            }
            var opened = await commands.OpenGroupHomeAsync(tenants[w], "bench", facility, new OpenGroupHome(
                GroupHomeKind.RegionalSmallScale, $"ひだまりホーム {state.GroupHomes + 1}", 4, new DateOnly(2021, 4, 1), state.Version), CancellationToken.None);
            if (!opened.Succeeded) return false;
            state.Version++;
            state.GroupHomes++;
            return true;
        }

        async Task<bool> Raw(int w)
        {
            var state = writers[w];
            await using var cmd = raw.CreateCommand("insert into events (stream_id, version, type, data, user_name) values ($1, $2, $3, $4::jsonb, $5)");
            cmd.Parameters.AddWithValue(state.RawStream);
            cmd.Parameters.AddWithValue(++state.RawVersion);
            cmd.Parameters.AddWithValue("group_home_opened");
            cmd.Parameters.AddWithValue(sample);
            cmd.Parameters.AddWithValue("bench");
            return await cmd.ExecuteNonQueryAsync() == 1;
        }

        Report.Progress("append: warm-up");
        await LoadRunner.RunAsync(Writers, TimeSpan.FromSeconds(2), Raw);
        await LoadRunner.RunAsync(Writers, TimeSpan.FromSeconds(3), Ours);
        await using var byHand = await StatementsByHandAsync(portal, tenants, sample);
        var shapes = Enum.GetValues<MartenStatementsByHand.Shape>();
        foreach (var shape in shapes) await LoadRunner.RunAsync(Writers, TimeSpan.FromSeconds(1), w => byHand.RunAsync(w, shape));

        var rounds = context.Size(2, 3);
        var each = context.Duration(5, 15);
        var eachShape = context.Duration(3, 8);
        LoadResult? ours = null, baseline = null;
        var byShape = shapes.ToDictionary(s => s, _ => (Load: (LoadResult?)null, Cpu: default(CpuMeter.Snapshot)));
        using var counters = new NpgsqlCounters();
        var dbDuringOurs = new NpgsqlCounters.Snapshot();
        var cpu = new CpuMeter(prefix);
        CpuMeter.Snapshot cpuOurs = default, cpuBaseline = default;
        for (var r = 0; r < rounds; r++)
        {
            Report.Progress($"append: round {r + 1}/{rounds}");
            var cpuBefore = cpu.Now();
            var b = await LoadRunner.RunAsync(Writers, each, Raw);
            cpuBaseline += cpu.Now() - cpuBefore;
            baseline = baseline is null ? b : baseline + b;
            var before = counters.Now();
            cpuBefore = cpu.Now();
            var o = await LoadRunner.RunAsync(Writers, each, Ours);
            cpuOurs += cpu.Now() - cpuBefore;
            dbDuringOurs += counters.Now() - before;
            ours = ours is null ? o : ours + o;
            foreach (var shape in shapes)
            {
                cpuBefore = cpu.Now();
                var h = await LoadRunner.RunAsync(Writers, eachShape, w => byHand.RunAsync(w, shape));
                var (load, used) = byShape[shape];
                byShape[shape] = (load is null ? h : load + h, used + (cpu.Now() - cpuBefore));
            }
        }

        report.Figure("append.ours", ours!.PerSecond, "events/s");
        report.Figure("append.ours.p50", ours.P(50), "ms");
        report.Figure("append.ours.p95", ours.P(95), "ms");
        report.Figure("append.ours.errors", ours.Errors, "commands");
        report.Figure("append.baseline", baseline!.PerSecond, "rows/s");
        report.Figure("append.baseline.p50", baseline.P(50), "ms");
        report.Figure("append.baseline.p95", baseline.P(95), "ms");
        report.Figure("append.baseline.errors", baseline.Errors, "inserts");
        var ratio = ours.PerSecond / baseline.PerSecond;
        report.Ratio("append", ratio);

        var perCommand = (double)ours.Operations + ours.Errors;
        report.Figure("append.ours.round_trips", dbDuringOurs.Commands / perCommand, "per command");
        report.Figure("append.ours.db_time", dbDuringOurs.Seconds * 1000 / perCommand, "ms per command");
        report.Figure("append.ours.app_time", Math.Max(0, ours.P(50) - dbDuringOurs.Seconds * 1000 / perCommand), "ms per command (p50 minus db)");
        // CPU per operation on each side of the wire: on 2 shared cores this is what bounds a closed loop's rate.
        var perRow = (double)baseline.Operations + baseline.Errors;
        report.Figure("append.ours.cpu.app", cpuOurs.AppSeconds * 1000 / perCommand, "ms CPU per command (bench process: portal and clients)");
        report.Figure("append.ours.cpu.db", cpuOurs.DbSeconds * 1000 / perCommand, "ms CPU per command (PostgreSQL backends)");
        report.Figure("append.baseline.cpu.app", cpuBaseline.AppSeconds * 1000 / perRow, "ms CPU per row (bench process)");
        report.Figure("append.baseline.cpu.db", cpuBaseline.DbSeconds * 1000 / perRow, "ms CPU per row (PostgreSQL backends)");
        // The same statements by hand (MartenStatementsByHand): what the storage layout allows, and what another
        // round-trip shape would give. ours ÷ by hand as Marten sends them = the share left to Marten's and our C#.
        foreach (var (shape, (load, used)) in byShape)
        {
            var name = MartenStatementsByHand.FigureName(shape);
            var done = (double)load!.Operations + load.Errors;
            report.Figure(name, load.PerSecond, "commands/s");
            report.Figure(name + ".errors", load.Errors, "commands");
            report.Figure(name + ".cpu.app", used.AppSeconds * 1000 / done, "ms CPU per command (bench process)");
            report.Figure(name + ".cpu.db", used.DbSeconds * 1000 / done, "ms CPU per command (PostgreSQL backends)");
            report.Ratio(name, load.PerSecond / baseline.PerSecond);
            if (shape == MartenStatementsByHand.Shape.AsMartenSends) report.Ratio("append.ours_vs_by_hand", ours.PerSecond / load.PerSecond);
        }
        await ProfileAsync(context, portal, tenants[0], counters, () => Raw(0));
        if (ours.FirstError is { } error) report.Note($"append: first error: {error}");
        report.Note(ratio >= 0.5 ? "append: goal met (ratio >= 0.5)" : "append: goal NOT met (ratio >= 0.5); see bench/README.md");
    }

    /// <summary>Pools on the writers' tenant databases, configured as the portal's own, and a document as Marten stored it.</summary>
    private static async Task<MartenStatementsByHand> StatementsByHandAsync(BenchPortal portal, TenantInfo[] tenants, string eventJson)
    {
        var options = portal.Get<Microsoft.Extensions.Options.IOptions<TenancyOptions>>().Value;
        var pools = portal.Get<TenantDataSources>();
        var dataSources = tenants.Select(t => pools.Create(options.TenantConnectionString(t.Server, t.DatabaseName))).ToArray();
        var schema = portal.Get<IDocumentStore>().Options.DatabaseSchemaName;
        await using var read = dataSources[0].CreateCommand($"""
            select data::text from {schema}.mt_doc_facilityoverview
            order by abs(jsonb_array_length(data -> 'GroupHomes') - {(double)GroupHomesPerFacility / 2}) limit 1
            """);
        var document = (string)(await read.ExecuteScalarAsync())!;
        return new MartenStatementsByHand(dataSources, schema, eventJson, document);
    }

    /// <summary>
    /// Where a command's time goes: the steps of <see cref="FacilityCommands.OpenGroupHomeAsync"/> (validate, open a
    /// session, FetchForWriting with the expected version, decide, append, SaveChanges with the inline projection),
    /// repeated here with a stopwatch around each, one writer at a time so that the steps are not queueing for CPU.
    /// </summary>
    private static async Task ProfileAsync(BenchContext context, BenchPortal portal, TenantInfo tenant, NpgsqlCounters counters, Func<Task<bool>> rawInsert)
    {
        var stores = portal.Get<TenantStores>();
        var validator = portal.Get<FluentValidation.IValidator<OpenGroupHome>>();
        var commands = portal.Get<FacilityCommands>();
        string[] steps = ["validate", "session", "fetch", "decide", "save", "save.prepare", "save.batch", "save.commit"];
        var times = steps.ToDictionary(s => s, _ => new List<double>());
        var trips = steps.ToDictionary(s => s, _ => 0L);
        var n = context.Size(100, 500);
        Guid facility = default;
        long version = 0;
        for (var i = 0; i < n; i++)
        {
            if (i % GroupHomesPerFacility == 0)
            {
                facility = (await commands.RegisterAsync(tenant, "bench", new RegisterFacility(
                    FacilityKind.ChildrensHome, $"計測学園 {i}", "東京都世田谷区", 30, new DateOnly(2020, 4, 1)), CancellationToken.None)).Value;
                version = 1;
            }
            var command = new OpenGroupHome(GroupHomeKind.RegionalSmallScale, $"計測ホーム {i}", 4, new DateOnly(2021, 4, 1), version);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var db = counters.Now();
            void Lap(string step)
            {
                times[step].Add(clock.Elapsed.TotalMilliseconds);
                var now = counters.Now();
                trips[step] += now.Commands - db.Commands;
                db = now;
                clock.Restart();
            }
            if (!(await validator.ValidateAsync(command)).IsValid) throw new InvalidOperationException("invalid");
            Lap("validate");
            await using var session = stores.OpenSession(tenant);
            session.LastModifiedBy = "bench";
            Lap("session");
            // As FacilityCommands does: the write model from the inline read model, one query.
            var stream = await session.Events.FetchForWriting<FacilityOverview>(facility, version);
            Lap("fetch");
            var decision = Portal.Features.Facilities.OpeningGroupHome.OpeningGroupHome.Decide(Facility.From(stream.Aggregate!)!, Guid.CreateVersion7(), command);
            stream.AppendOne(decision.Event!);
            Lap("decide");
            using var phases = new SavePhases();
            var saving = System.Diagnostics.Stopwatch.GetTimestamp();
            await session.SaveChangesAsync();
            var saved = System.Diagnostics.Stopwatch.GetTimestamp();
            Lap("save");
            // Inside SaveChanges: building the batch (inline projection, serialising, opening a connection), the batch's
            // round trip (Npgsql's activity), then the commit and returning the connection.
            times["save.prepare"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(saving, phases.BatchStarted).TotalMilliseconds);
            times["save.batch"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(phases.BatchStarted, phases.BatchDone).TotalMilliseconds);
            times["save.commit"].Add(System.Diagnostics.Stopwatch.GetElapsedTime(phases.BatchDone, saved).TotalMilliseconds);
            version++;
        }
        // What a command sends, statement by statement, when the command before it changed the same facility (as the
        // writers above do: the second of two commands in a row).
        var first = await commands.OpenGroupHomeAsync(tenant, "bench", facility, new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "追跡ホーム 1", 4, new DateOnly(2021, 4, 1), version++), CancellationToken.None);
        if (!first.Succeeded) throw new InvalidOperationException(first.Message);
        using (var trace = new SqlTrace())
        {
            var result = await commands.OpenGroupHomeAsync(tenant, "bench", facility, new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "追跡ホーム 2", 4, new DateOnly(2021, 4, 1), version), CancellationToken.None);
            if (!result.Succeeded) throw new InvalidOperationException(result.Message);
            foreach (var statement in trace.Statements()) context.Report.Note("append: statement: " + statement);
        }

        var raw = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await rawInsert();
            raw.Add(clock.Elapsed.TotalMilliseconds);
        }
        context.Report.Figure("append.profile.raw_insert", Stats.Percentile(raw, 50), "ms p50 (the baseline's insert, one writer: one round trip and a commit)");
        foreach (var step in steps)
        {
            context.Report.Figure($"append.profile.{step}", Stats.Percentile(times[step], 50), $"ms p50 ({trips[step] / (double)n:0.##} round trips)");
        }
    }

    /// <summary>When the last Npgsql command of this process started and stopped (its tracing, ActivitySource "Npgsql"):
    /// around a SaveChanges of one writer that is the batch; what comes before it is Marten building the batch, what
    /// comes after it the commit.</summary>
    private sealed class SavePhases : IDisposable
    {
        private readonly System.Diagnostics.ActivityListener _listener;
        public long BatchStarted, BatchDone;

        public SavePhases()
        {
            _listener = new System.Diagnostics.ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
                ActivityStarted = _ => BatchStarted = System.Diagnostics.Stopwatch.GetTimestamp(),
                ActivityStopped = _ => BatchDone = System.Diagnostics.Stopwatch.GetTimestamp(),
            };
            System.Diagnostics.ActivitySource.AddActivityListener(_listener);
        }

        public void Dispose() => _listener.Dispose();
    }

    private sealed class WriterState
    {
        public Guid? Facility;
        public long Version;
        public int GroupHomes;
        public int Facilities;
        public readonly Guid RawStream = Guid.NewGuid();
        public int RawVersion;
    }
}
