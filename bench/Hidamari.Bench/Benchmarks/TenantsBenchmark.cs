namespace Hidamari.Bench.Benchmarks;

public sealed class TenantsBenchmark : IBenchmark
{
    public string Name => "tenants";

    public string Description => "todo";

    public Task RunAsync(BenchContext context) => Task.CompletedTask;
}
