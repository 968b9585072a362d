namespace Hidamari.Bench.Benchmarks;

public sealed class CircuitsBenchmark : IBenchmark
{
    public string Name => "circuits";

    public string Description => "todo";

    public Task RunAsync(BenchContext context) => Task.CompletedTask;
}
