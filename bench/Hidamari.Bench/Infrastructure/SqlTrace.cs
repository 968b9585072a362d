using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// The SQL this process sends while the trace is open, one line per command with its duration, from Npgsql's own
/// tracing (ActivitySource "Npgsql"). For showing what one operation costs, not for timing many.
/// </summary>
public sealed partial class SqlTrace : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<string> _statements = [];

    public SqlTrace()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // The bench's own look-ups in the maintenance database (pg_stat_activity) are not the portal's.
                if ((activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name")) is "postgres") return;
                var text = activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement");
                var line = $"[{activity.Duration.TotalMilliseconds:0.0} ms] {Whitespace().Replace(text?.ToString() ?? activity.DisplayName, " ")}";
                lock (_statements) _statements.Add(line);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<string> Statements(int maxLength = 240)
    {
        lock (_statements) return [.. _statements.Select(s => s.Length > maxLength ? s[..maxLength] + "…" : s)];
    }

    public void Dispose() => _listener.Dispose();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
