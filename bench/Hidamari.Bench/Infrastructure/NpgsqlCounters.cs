using System.Diagnostics.Metrics;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// Counts what Npgsql itself reports through its meter: commands sent (each a round trip, a batch counting once),
/// the time spent in them, and physical connections opened. Used to break a benchmark's time down.
/// </summary>
public sealed class NpgsqlCounters : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _commands;
    private long _microseconds;
    private long _connectionsOpened;

    public NpgsqlCounters()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql"
                && instrument.Name is "db.client.operation.duration" or "db.client.connection.npgsql.create_time")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "db.client.operation.duration")
            {
                Interlocked.Increment(ref _commands);
                Interlocked.Add(ref _microseconds, (long)(value * 1_000_000));
            }
            else Interlocked.Increment(ref _connectionsOpened);
        });
        _listener.Start();
    }

    public readonly record struct Snapshot(long Commands, double Seconds, long ConnectionsOpened)
    {
        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Commands - b.Commands, a.Seconds - b.Seconds, a.ConnectionsOpened - b.ConnectionsOpened);

        public static Snapshot operator +(Snapshot a, Snapshot b) =>
            new(a.Commands + b.Commands, a.Seconds + b.Seconds, a.ConnectionsOpened + b.ConnectionsOpened);
    }

    public Snapshot Now() => new(Interlocked.Read(ref _commands), Interlocked.Read(ref _microseconds) / 1e6, Interlocked.Read(ref _connectionsOpened));

    public void Dispose() => _listener.Dispose();
}
