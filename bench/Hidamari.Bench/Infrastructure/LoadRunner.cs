using System.Diagnostics;

namespace Hidamari.Bench.Infrastructure;

public sealed record LoadResult(long Operations, long Errors, TimeSpan Elapsed, IReadOnlyCollection<double> LatenciesMs, string? FirstError)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public double P(double percentile) => Stats.Percentile(LatenciesMs, percentile);

    public static LoadResult operator +(LoadResult a, LoadResult b) =>
        new(a.Operations + b.Operations, a.Errors + b.Errors, a.Elapsed + b.Elapsed, [.. a.LatenciesMs, .. b.LatenciesMs], a.FirstError ?? b.FirstError);
}

/// <summary>
/// A closed loop: <c>workers</c> tasks each run the operation back to back until the time is up. Operations in
/// flight when it ends are finished and counted, never cancelled, so that the end does not produce errors.
/// </summary>
public static class LoadRunner
{
    /// <param name="operation">worker index → true when the operation succeeded.</param>
    public static async Task<LoadResult> RunAsync(int workers, TimeSpan duration, Func<int, Task<bool>> operation)
    {
        var latencies = new List<double>[workers];
        var operations = new long[workers];
        var errors = new long[workers];
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = new List<double>(4096);
            while (clock.Elapsed < duration)
            {
                var started = clock.Elapsed;
                bool ok;
                try { ok = await operation(w); }
                catch (Exception e)
                {
                    ok = false;
                    Interlocked.CompareExchange(ref firstError, e.GetType().Name + ": " + e.Message, null);
                }
                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                if (ok) operations[w]++; else errors[w]++;
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var elapsed = clock.Elapsed;
        return new LoadResult(operations.Sum(), errors.Sum(), elapsed, latencies.SelectMany(l => l).ToArray(), firstError);
    }
}
