using System.Diagnostics;
using Hidamari.Bench.Benchmarks;
using Hidamari.Bench.Infrastructure;

namespace Hidamari.Bench;

/// Not top-level statements: those would be a second global <c>Program</c> beside the portal's.
public static class BenchMain
{
    public static async Task<int> Main(string[] args)
    {
        IBenchmark[] suite =
        [
            new AppendBenchmark(),
            new RebuildBenchmark(),
            new ProvisionBenchmark(),
            new ApiBenchmark(),
            new TenantsBenchmark(),
            new CircuitsBenchmark(),
            new DashboardBenchmark(),
        ];

        // WebApplicationFactory finds the portal's content root through MvcTestingAppManifest.json in the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        var quick = args.Contains("--quick");
        var names = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        if (names.Count == 0 || names.Contains("help"))
        {
            Console.Error.WriteLine("usage: dotnet run -c Release --project bench/Hidamari.Bench -- <name>...|all|clean [--quick]");
            foreach (var b in suite) Console.Error.WriteLine($"  {b.Name,-10} {b.Description}");
            Console.Error.WriteLine("  clean      drop databases left by an interrupted run (hbench_*)");
            return names.Contains("help") ? 0 : 2;
        }

        await BenchServer.StartAsync();
        if (names.Contains("clean"))
        {
            await BenchServer.DropDatabasesAsync(BenchServer.Prefix);
            return 0;
        }

        var chosen = names.Contains("all") ? suite : suite.Where(b => names.Contains(b.Name)).ToArray();
        var unknown = names.Except(suite.Select(b => b.Name)).Except(["all"]).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"unknown benchmark(s): {string.Join(", ", unknown)}");
            return 2;
        }

        var report = new Report();
        var context = new BenchContext(report, quick, Guid.NewGuid().ToString("N")[..6]);
        report.Note($"machine: {Environment.ProcessorCount} cores, {Machine.MemoryGiB():0.0} GiB, {Machine.PostgresVersion()}, .NET {Environment.Version}, {(quick ? "--quick" : "full")}");

        var failed = 0;
        var suiteClock = Stopwatch.StartNew();
        foreach (var benchmark in chosen)
        {
            var clock = Stopwatch.StartNew();
            Report.Progress($"{benchmark.Name}: start");
            try
            {
                await benchmark.RunAsync(context);
            }
            catch (Exception e)
            {
                failed++;
                report.Note($"{benchmark.Name} FAILED: {e.GetType().Name}: {e.Message}");
                Report.Progress(e.ToString());
            }
            report.Figure($"{benchmark.Name}.wall", clock.Elapsed.TotalSeconds, "s");
        }
        // All of the run's databases at the end, side by side: each DROP DATABASE waits for a checkpoint, and
        // drops issued together share one.
        var dropping = Stopwatch.StartNew();
        await BenchServer.DropDatabasesAsync($"{BenchServer.Prefix}{context.RunId}_");
        report.Figure("suite.cleanup", dropping.Elapsed.TotalSeconds, "s (dropping the run's databases)");
        report.Figure("suite.wall", suiteClock.Elapsed.TotalSeconds, "s");

        var results = Path.Combine(BenchServer.RepositoryRoot, "bench", "results");
        Directory.CreateDirectory(results);
        var file = Path.Combine(results, $"{DateTime.Now:yyyyMMdd-HHmmss}-{string.Join('+', chosen.Select(b => b.Name))}{(quick ? "-quick" : "")}.txt");
        await File.WriteAllLinesAsync(file, report.Lines);
        Report.Progress($"written to {file}");
        return failed == 0 ? 0 : 1;
    }
}
