using System.Net;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Hidamari.Tests.Reliability;

namespace Hidamari.Tests.Isolation;

/// <summary>
/// Each portal instance remembers validated tokens and callers' roles for a few seconds (<see cref="AccessCache"/>).
/// A change made on one instance must still end access on the others at once: they hear of it through NOTIFY, not by
/// waiting for their cache to expire. The other instance here is a separate process with a cache lifetime of five
/// minutes, so only the notification can end the membership within the test.
/// </summary>
[Trait("Category", "Isolation")]
[Collection(ReliabilityCollection.Name)]
public sealed class AccessCacheTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_membership_removed_through_one_instance_stops_working_on_another_that_remembered_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("acc"));
        await using var other = await PortalProcess.StartAsync(portal, ct, new Dictionary<string, string>
        {
            ["Hidamari__Identity__AccessCacheLifetime"] = "00:05:00",
        });
        var viewer = await portal.EnsureUserAsync($"leaver.{tenant.Id}@test.example", (tenant, Roles.StaffViewer));
        using var api = await other.UserClientAsync(viewer.Email!, ct);
        var facilities = $"/api/t/{tenant.Id}/facilities";
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(facilities, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync(facilities, ct)).StatusCode);

        var removed = await portal.ClientFor(tenant, Roles.Manager).DeleteAsync($"/api/t/{tenant.Id}/members/{viewer.Id}", ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        // The notification crosses one PostgreSQL connection to the other process: moments, far less than five minutes.
        var until = DateTime.UtcNow.AddSeconds(10);
        HttpStatusCode status;
        do
        {
            status = (await api.GetAsync(facilities, ct)).StatusCode;
            if (status == HttpStatusCode.NotFound) break;
            await Task.Delay(100, ct);
        }
        while (DateTime.UtcNow < until);
        Assert.Equal(HttpStatusCode.NotFound, status);
    }
}
