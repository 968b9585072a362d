using System.Collections.Concurrent;
using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Reliability;

/// The portal process is killed (SIGKILL) while a client streams writes; after a restart every acknowledged write is there once.
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class PortalKillTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Every_write_acknowledged_before_kill_9_is_present_exactly_once_after_restart()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("kill"));
        var apiClient = await portal.ApiClientAsync(tenant);
        var url = $"/api/t/{tenant.Id}/facilities";

        var acked = new ConcurrentBag<string>();
        var inFlight = new ConcurrentBag<string>();
        var refused = new ConcurrentBag<string>();
        await using (var first = await PortalProcess.StartAsync(portal, ct))
        {
            using var client = await first.ClientAsync(apiClient, ct);
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = 0; ; n++)
                {
                    var name = $"kill-{w}-{n:D5}";
                    try
                    {
                        var response = await client.PostJsonAsync(url, ReliabilitySetup.Facility(name), ct);
                        if (response.StatusCode == HttpStatusCode.Created) acked.Add(name);
                        else refused.Add($"{name}: {(int)response.StatusCode}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                    {
                        // The process died under this request: it may or may not have committed; nobody was told it did.
                        inFlight.Add(name);
                        return;
                    }
                }
            }, ct)).ToArray();

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acked.Count < 60 && DateTime.UtcNow < deadline) await Task.Delay(5, ct);
            await first.KillAsync();
            await Task.WhenAll(writers);
        }

        await using var second = await PortalProcess.StartAsync(portal, ct);
        using var after = await second.ClientAsync(apiClient, ct);
        var list = await (await after.GetAsync(url, ct)).ReadAsync<FacilityList>(ct);
        var names = list!.Facilities.Select(f => f.Name).ToList();
        var counts = names.GroupBy(n => n, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var found = acked.Count(counts.ContainsKey);
        var duplicates = counts.Count(c => c.Value > 1);
        var inFlightStored = inFlight.Count(counts.ContainsKey);

        ReliabilitySetup.Figure($"[reliability] kill -9 under writes: writes acked {acked.Count}, acked writes found after restart {found}, " +
            $"applied twice {duplicates}, in flight at the kill {inFlight.Count} (committed anyway {inFlightStored}), refused {refused.Count}");
        Assert.True(acked.Count >= 60, $"only {acked.Count} writes acknowledged before the kill");
        Assert.Empty(refused);
        Assert.Equal(acked.Count, found);
        Assert.Equal(0, duplicates);
        // Nothing appeared that no client sent.
        Assert.All(names, n => Assert.True(acked.Contains(n) || inFlight.Contains(n), $"unexpected facility {n}"));
    }
}
