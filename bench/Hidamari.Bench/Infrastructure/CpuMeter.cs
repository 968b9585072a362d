using System.Diagnostics;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// CPU time spent by this process (the portal is hosted in it) and by the PostgreSQL backends serving databases whose
/// name starts with a prefix (their process title is <c>postgres: user database host state</c>), read from /proc.
/// On 2 shared cores the throughput of a closed loop is bounded by CPU per operation, so this says which side of the
/// wire a benchmark's time goes to. A backend that exits (a pool pruning idle connections during another phase) keeps
/// the time it had at the last snapshot, so that its exit does not subtract it from the phase it happens in; what it
/// spent after that snapshot, and backends that live and die between two snapshots, are not counted.
/// </summary>
public sealed class CpuMeter(string databasePrefix)
{
    private readonly Dictionary<int, long> _lastTicks = [];
    private long _exitedTicks;

    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public readonly record struct Snapshot(double AppSeconds, double DbSeconds)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) => new(a.AppSeconds - b.AppSeconds, a.DbSeconds - b.DbSeconds);

        public static Snapshot operator +(Snapshot a, Snapshot b) => new(a.AppSeconds + b.AppSeconds, a.DbSeconds + b.DbSeconds);
    }

    public Snapshot Now()
    {
        using var self = Process.GetCurrentProcess();
        return new Snapshot(self.TotalProcessorTime.TotalSeconds, BackendSeconds());
    }

    private double BackendSeconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        var seen = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (!cmdline.StartsWith("postgres: ", StringComparison.Ordinal) || !cmdline.Contains(" " + databasePrefix, StringComparison.Ordinal)) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // Fields after the command name in parentheses: state is field 3, utime 14, stime 15.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                seen[int.Parse(name)] = long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        lock (_lastTicks)
        {
            foreach (var (pid, ticks) in _lastTicks)
            {
                if (!seen.ContainsKey(pid)) _exitedTicks += ticks;
            }
            _lastTicks.Clear();
            foreach (var (pid, ticks) in seen) _lastTicks[pid] = ticks;
            return (_exitedTicks + seen.Values.Sum()) / TicksPerSecond;
        }
    }
}
