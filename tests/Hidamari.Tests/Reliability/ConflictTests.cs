using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Hidamari.Tests.Reliability;

[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class ConflictTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Ten_concurrent_group_home_openings_against_one_facility_version_give_one_201_and_nine_409s_with_a_message()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("race"));
        var client = portal.ClientFor(tenant, "manager");
        var facilities = $"/api/t/{tenant.Id}/facilities";
        var id = (await (await client.PostJsonAsync(facilities, ReliabilitySetup.Facility("競合学園"), ct)).ReadAsync<Created>(ct))!.Id;
        var version = (await (await client.GetAsync($"{facilities}/{id}", ct)).ReadAsync<FacilityOverview>(ct))!.Version;

        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(1, 10).Select(n => Task.Run(async () =>
        {
            await start.WaitAsync(ct);
            return await client.PostJsonAsync($"{facilities}/{id}/group-homes",
                new { kind = "RegionalSmallScale", name = $"競合ホーム{n}", capacity = 4, openedOn = "2022-04-01", expectedVersion = version }, ct);
        }, ct)).ToArray();
        start.Release(10);
        var responses = await Task.WhenAll(attempts);

        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var conflicts = responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).ToList();
        var messages = new List<string?>();
        foreach (var conflict in conflicts)
        {
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
            messages.Add((await conflict.ReadAsync<ProblemDetails>(ct))!.Detail);
        }
        var after = (await (await client.GetAsync($"{facilities}/{id}", ct)).ReadAsync<FacilityOverview>(ct))!;

        ReliabilitySetup.Figure($"[reliability] 10 concurrent openings on one facility version: succeeded {created}, conflicts refused {conflicts.Count}, " +
            $"other {10 - created - conflicts.Count}, group homes stored {after.GroupHomes.Count}, version {version} → {after.Version}");
        Assert.Equal(1, created);
        Assert.Equal(9, conflicts.Count);
        Assert.All(messages, m => Assert.Contains("他の利用者によって変更されました", m));
        // Nothing merged silently: one group home, one new version.
        Assert.Single(after.GroupHomes);
        Assert.Equal(version + 1, after.Version);
    }
}
