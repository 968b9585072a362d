using System.Diagnostics;
using Hidamari.Bench.Infrastructure;
using Npgsql;

namespace Hidamari.Bench.Benchmarks;

/// <summary>
/// Creating a tenant with <see cref="Hidamari.Tenancy.TenantProvisioner"/> (registry row, its own database, the
/// Marten schema, Active) while the portal serves requests on Kestrel: p50/p95 of 20 (10 with --quick: every database made here costs a DROP DATABASE, a checkpoint, at the end). Baseline: CREATE DATABASE
/// alone on a fresh connection, as the provisioner issues it. The two alternate, one of each per step.
/// A reader keeps asking an existing tenant's facility list meanwhile, so that we see whether provisioning
/// disturbs serving.
/// </summary>
public sealed class ProvisionBenchmark : IBenchmark
{
    public string Name => "provision";

    public string Description => "TenantProvisioner.CreateAsync while the portal runs, p50/p95 of 20 (10 with --quick), vs CREATE DATABASE alone";

    public async Task RunAsync(BenchContext context)
    {
        var report = context.Report;
        var prefix = context.PrefixFor(Name);
        var count = context.Size(10, 20);
        await using var portal = new BenchPortal(prefix, kestrel: true).Start();
        var serving = await portal.CreateTenantAsync("serving");
        var servingToken = await portal.ApiTokenAsync(serving);

        using var stop = new CancellationTokenSource();
        var background = Task.Run(async () =>
        {
            using var client = portal.NewClient(servingToken);
            var latencies = new List<double>();
            var errors = 0;
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    using var response = await client.GetAsync($"/api/t/{serving.Id}/facilities");
                    if (!response.IsSuccessStatusCode) errors++;
                }
                catch (HttpRequestException) { errors++; }
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                try { await Task.Delay(50, stop.Token); } catch (OperationCanceledException) { }
            }
            return (latencies, errors);
        });

        // One of each first, unmeasured: the first provisioning pays for Marten's code generation.
        await portal.GrantAsync(await portal.CreateTenantAsync("warm-up"));
        await CreateDatabaseAsync(prefix + "baseline_warm");

        var ours = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < count; i++)
        {
            Report.Progress($"provision: {i + 1}/{count}");
            var clock = Stopwatch.StartNew();
            await CreateDatabaseAsync($"{prefix}baseline_{i}");
            baseline.Add(clock.Elapsed.TotalMilliseconds);

            // The whole of a new tenant: registry row, database, schema, and its first manager's membership.
            clock.Restart();
            await portal.GrantAsync(await portal.CreateTenantAsync($"new-{i}"));
            ours.Add(clock.Elapsed.TotalMilliseconds);
        }
        await stop.CancelAsync();
        var (servedLatencies, servedErrors) = await background;

        report.Figure("provision.ours.p50", Stats.Percentile(ours, 50), "ms");
        report.Figure("provision.ours.p95", Stats.Percentile(ours, 95), "ms");
        report.Figure("provision.ours.max", ours.Max(), "ms");
        report.Figure("provision.baseline.p50", Stats.Percentile(baseline, 50), "ms");
        report.Figure("provision.baseline.p95", Stats.Percentile(baseline, 95), "ms");
        report.Ratio("provision", Stats.Percentile(ours, 95) / Stats.Percentile(baseline, 95));
        report.Figure("provision.serving.p95", Stats.Percentile(servedLatencies, 95), "ms (facility list of another tenant meanwhile)");
        report.Figure("provision.serving.errors", servedErrors, "requests");
        var p95 = Stats.Percentile(ours, 95);
        if (context.Quick) report.Note("provision: --quick measures 10 of each; the full run 20");
        report.Note(p95 <= 2000 ? "provision: goal met (p95 <= 2 s)" : "provision: goal NOT met (p95 <= 2 s); see bench/README.md");
        report.Note("provision: no first manager is created yet (identity is not built); the figure covers registry row, database, schema, activation");
    }

    private static async Task CreateDatabaseAsync(string name)
    {
        await using var conn = new NpgsqlConnection(BenchServer.Maintenance);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"create database \"{name}\"", conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
