using System.Diagnostics;
using Hidamari.Bench.Infrastructure;

namespace Hidamari.Bench;

public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context);
}

public sealed record BenchContext(Report Report, bool Quick, string RunId)
{
    /// Database-name prefix of one benchmark in this run; everything under it is dropped when the benchmark ends.
    public string PrefixFor(string benchmark) => $"{BenchServer.Prefix}{RunId}_{benchmark}_";

    public TimeSpan Duration(int quickSeconds, int fullSeconds) => TimeSpan.FromSeconds(Quick ? quickSeconds : fullSeconds);

    public int Size(int quick, int full) => Quick ? quick : full;
}

public static class Machine
{
    public static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }

    public static string PostgresVersion()
    {
        try { return "PostgreSQL " + BenchServer.ScalarAsync<string>("show server_version").GetAwaiter().GetResult().Split(' ')[0]; }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException) { return "PostgreSQL ?"; }
    }

    /// Resident set size of this process, from /proc (what the operating system charges the portal).
    public static double RssMiB()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
    }

    /// Managed heap after a full, compacting collection: what the process really holds on to.
    public static double ManagedHeapMiB()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return (info.HeapSizeBytes - info.FragmentedBytes) / 1024.0 / 1024.0;
    }

    public static double Seconds(this Stopwatch clock) => clock.Elapsed.TotalSeconds;
}
