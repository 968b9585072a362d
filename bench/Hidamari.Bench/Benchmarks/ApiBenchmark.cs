namespace Hidamari.Bench.Benchmarks;

public sealed class ApiBenchmark : IBenchmark
{
    public string Name => "api";

    public string Description => "todo";

    public Task RunAsync(BenchContext context) => Task.CompletedTask;
}
