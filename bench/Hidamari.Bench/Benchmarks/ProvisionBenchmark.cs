namespace Hidamari.Bench.Benchmarks;

public sealed class ProvisionBenchmark : IBenchmark
{
    public string Name => "provision";

    public string Description => "todo";

    public Task RunAsync(BenchContext context) => Task.CompletedTask;
}
