using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tests.Infrastructure;
using Npgsql;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// A PostgreSQL cluster of this test class alone (port 54339, data under the git-ignored .pgdata/), so that restarting
/// it never disturbs the shared cluster other tests use. Started by infra/pg.sh, stopped at the end.
/// </summary>
public sealed class SecondPostgres : IAsyncLifetime
{
    public const int Port = 54339;

    public string DataDirectory { get; } = Path.Combine(LocalPostgres.RepositoryRoot, ".pgdata", $"reliability-{Port}");

    public string ServerConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var url = await PgAsync("start");
        ServerConnectionString = new NpgsqlConnectionStringBuilder(url) { Database = "postgres" }.ConnectionString;
    }

    /// infra/pg.sh restart: a fast shutdown (every session is disconnected), then a start.
    public Task RestartAsync() => PgAsync("restart");

    public async ValueTask DisposeAsync() => await PgAsync("stop");

    private async Task<string> PgAsync(string verb)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(LocalPostgres.RepositoryRoot, "infra", "pg.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["HIDAMARI_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["HIDAMARI_PG_DATA"] = DataDirectory },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"infra/pg.sh {verb} failed: {error}");
        return output.Trim();
    }
}

/// The portal on the second cluster.
public sealed class SecondClusterPortalFactory(SecondPostgres cluster) : PortalFactory
{
    protected override Task<string> ServerConnectionStringAsync() => Task.FromResult(cluster.ServerConnectionString);
}

[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class PostgresRestartTests(SecondPostgres cluster) : IClassFixture<SecondPostgres>
{
    [Fact]
    public async Task Requests_during_a_database_restart_fail_cleanly_with_503_and_the_portal_recovers_without_losing_writes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var portal = new SecondClusterPortalFactory(cluster);
        await portal.InitializeAsync();
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("pgrestart"));
        using var client = portal.ClientFor(tenant, "manager");
        var url = $"/api/t/{tenant.Id}/facilities";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url, ct)).StatusCode);

        var acked = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var unclean = new ConcurrentBag<string>();
        var restarted = false;
        var okAfterRestart = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        async Task Check(HttpResponseMessage response, string what)
        {
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (response.IsSuccessStatusCode)
            {
                if (Volatile.Read(ref restarted)) Interlocked.Increment(ref okAfterRestart);
                return;
            }
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            var clean = status == 503
                && response.Headers.RetryAfter is not null
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                && !body.Contains("Exception", StringComparison.Ordinal) && !body.Contains(" at ", StringComparison.Ordinal);
            if (!clean) unclean.Add($"{what} → {status} {response.Headers.RetryAfter} {response.Content.Headers.ContentType}: {body[..Math.Min(body.Length, 400)]}");
        }

        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var name = $"pg-{w}-{n:D5}";
                var post = await client.PostJsonAsync(url, ReliabilitySetup.Facility(name), CancellationToken.None);
                if (post.StatusCode == HttpStatusCode.Created) acked.Add(name);
                await Check(post, "POST " + name);
                await Check(await client.GetAsync(url, CancellationToken.None), "GET");
            }
        }, CancellationToken.None)).ToArray();

        await Task.Delay(1500, ct);
        var before = acked.Count;
        var clock = Stopwatch.StartNew();
        await cluster.RestartAsync();
        var downFor = clock.Elapsed;
        Volatile.Write(ref restarted, true);

        // Recovery by itself: no restart of the portal, no pool clearing from outside.
        var recoveredIn = Stopwatch.StartNew();
        while (Volatile.Read(ref okAfterRestart) < 40 && recoveredIn.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50, ct);
        var recovery = recoveredIn.Elapsed;
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var list = await (await client.GetAsync(url, ct)).ReadAsync<FacilityList>(ct);
        var counts = list!.Facilities.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var found = acked.Count(counts.ContainsKey);

        ReliabilitySetup.Figure($"[reliability] PostgreSQL restart under load ({downFor.TotalSeconds:F1} s): responses " +
            string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")) +
            $", unclean {unclean.Count}, writes acked {acked.Count} ({before} before the restart), found {found}, " +
            $"applied twice {counts.Count(c => c.Value > 1)}, recovered {recovery.TotalSeconds:F1} s after the restart");
        Assert.True(unclean.IsEmpty, string.Join("\n", unclean.Take(10)));
        Assert.True(Volatile.Read(ref okAfterRestart) >= 40, "the portal did not recover by itself within 60 s");
        Assert.Equal(acked.Count, found);
        Assert.DoesNotContain(counts, c => c.Value > 1);
    }
}
