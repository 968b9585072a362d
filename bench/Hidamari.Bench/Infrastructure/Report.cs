using System.Globalization;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// The suite's output: <c>name value unit</c> per figure, <c>ratio name=value</c> per ratio, <c># …</c> for notes.
/// Everything printed is also kept, so that the run can be written to bench/results/.
/// </summary>
public sealed class Report
{
    private readonly List<string> _lines = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Lines { get { lock (_gate) return [.. _lines]; } }

    public void Figure(string name, double value, string unit) => Write($"{name} {Format(value)} {unit}");

    public void Ratio(string name, double value) => Write($"ratio {name}={Format(value)}");

    public void Note(string text) => Write("# " + text);

    /// Progress goes to stderr, so that stdout holds only the results.
    public static void Progress(string text) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");

    public static string Format(double value) => value switch
    {
        double.NaN => "NaN",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e15 => value.ToString("0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 100 => value.ToString("0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ when Math.Abs(value) >= 1 => value.ToString("0.00", CultureInfo.InvariantCulture),
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };

    private void Write(string line)
    {
        lock (_gate)
        {
            _lines.Add(line);
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}

public static class Stats
{
    /// Nearest-rank percentile of unsorted samples.
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0) return double.NaN;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
