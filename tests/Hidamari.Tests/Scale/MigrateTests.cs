using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hidamari.Tests.Scale;

[Trait("Category", "Scale")]
/// <remarks>The many tenant databases live on the second, test-only cluster (54349): creating and dropping a
/// hundred databases costs a checkpoint each, which the shared cluster of every other test run should not pay.</remarks>
public sealed partial class MigrateTests(TwoServerPortalFactory portal) : IClassFixture<TwoServerPortalFactory>
{
    /// How many tenant databases the migrate test builds (HIDAMARI_SCALE_TENANTS overrides).
    private static int TenantCount => int.TryParse(Environment.GetEnvironmentVariable("HIDAMARI_SCALE_TENANTS"), out var n) ? n : 100;

    [Fact]
    public async Task Migrate_brings_every_tenant_database_up_to_date_and_a_second_run_finds_nothing_to_do()
    {
        var ids = Enumerable.Range(0, TenantCount).Select(i => PortalFactory.NewTenantId($"m{i:000}")).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = TestContext.Current.CancellationToken },
            async (id, ct) => await AddTenantFromAnOlderBuildAsync(id, ct));
        TestContext.Current.TestOutputHelper?.WriteLine($"{ids.Count} bare tenant databases in {watch.Elapsed.TotalSeconds:0.0} s");

        watch.Restart();
        var first = await OperatorProcess.RunAsync(portal, SecondServer, "migrate", "--parallel", "4");
        TestContext.Current.TestOutputHelper?.WriteLine($"first migrate: {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(first.ExitCode == 0, first.Output);
        var (_, migrated, failed) = Summary(first.Output);
        Assert.Equal(0, failed);
        Assert.True(migrated >= ids.Count, first.Output);
        foreach (var id in ids) Assert.Matches($@"{id} \(second/[a-z0-9_]+\): migrated", first.Output);

        watch.Restart();
        var second = await OperatorProcess.RunAsync(portal, SecondServer, "migrate", "--parallel", "4");
        TestContext.Current.TestOutputHelper?.WriteLine($"second migrate: {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(second.ExitCode == 0, second.Output);
        var (upToDate, migratedAgain, failedAgain) = Summary(second.Output);
        Assert.Equal((0, 0), (migratedAgain, failedAgain));
        Assert.True(upToDate >= ids.Count, second.Output);
        foreach (var id in ids) Assert.Matches($@"{id} \(second/[a-z0-9_]+\): up to date", second.Output);
        Reliability.ReliabilitySetup.Figure($"[scale] migrate on {ids.Count} tenant databases: first run \"{SummaryLine().Match(first.Output).Value}\", " +
            $"second run \"{SummaryLine().Match(second.Output).Value}\" in {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task A_tenant_whose_schema_is_behind_is_refused_with_503_until_migrate_runs()
    {
        var behind = PortalFactory.NewTenantId("behind");
        await AddTenantFromAnOlderBuildAsync(behind, TestContext.Current.CancellationToken);
        var tenant = await portal.TenantAsync(behind);
        var client = portal.ClientFor(tenant);

        var refused = await client.GetAsync($"/api/t/{behind}/facilities", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("migrate", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotNull(refused.Headers.RetryAfter);

        var migrated = await portal.Services.GetRequiredService<TenantMigrator>().MigrateAsync(tenant, TestContext.Current.CancellationToken);
        Assert.Equal(MigrationOutcome.Migrated, migrated.Outcome);

        var served = await client.GetAsync($"/api/t/{behind}/facilities", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(MigrationOutcome.UpToDate,
            (await portal.Services.GetRequiredService<TenantMigrator>().MigrateAsync(tenant, TestContext.Current.CancellationToken)).Outcome);
    }

    private Dictionary<string, string> SecondServer => new()
    {
        [$"Hidamari__Tenancy__Servers__{TwoServerPortalFactory.Second}"] = portal.SecondServerConnectionString,
    };

    /// A tenant as an older build left it: registered, database created, Marten schema never applied here.
    private async Task AddTenantFromAnOlderBuildAsync(string id, CancellationToken ct)
    {
        var options = portal.Services.GetRequiredService<IOptions<TenancyOptions>>().Value;
        var registry = portal.Services.GetRequiredService<TenantRegistry>();
        var tenant = new TenantInfo(id, TenantKind.Corporation, $"旧版法人 {id}", "東京都世田谷区", TwoServerPortalFactory.Second,
            options.DatabasePrefix + id.Replace('-', '_'), TenantStatus.Active, DateTimeOffset.UtcNow);
        await using (var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.SecondServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await conn.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"create database \"{tenant.DatabaseName}\"", conn);
            await create.ExecuteNonQueryAsync(ct);
        }
        Assert.True(await registry.TryAddAsync(tenant, ct));
        await portal.Services.GetRequiredService<TenantDatabases>().PointAtAsync(tenant, ct);
    }

    private static (int UpToDate, int Migrated, int Failed) Summary(string output)
    {
        var m = SummaryLine().Match(output);
        Assert.True(m.Success, output);
        return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"summary: (\d+) up to date, (\d+) migrated, (\d+) failed")]
    private static partial Regex SummaryLine();
}
