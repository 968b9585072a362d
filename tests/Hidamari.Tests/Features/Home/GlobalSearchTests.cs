using System.Net;
using Hidamari.Portal.Features.Home.Searching;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Home;

/// <summary>
/// <c>GET /api/t/{tenant}/search?q=</c>: facilities, group homes, leases, staff and submissions of the route's tenant
/// only. Two corporations hold look-alike names; a search never returns the other's.
/// </summary>
[Trait("Category", "Facilities")]
[Trait("Category", "Isolation")]
public sealed class GlobalSearchTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<(TenantInfo Tenant, HttpClient Manager, Guid Facility)> CorporationAsync(string stem, string name)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId(stem));
        var manager = portal.ClientFor(tenant);
        var api = $"/api/t/{tenant.Id}";
        var created = await manager.PostJsonAsync($"{api}/facilities",
            new { kind = "ChildrensHome", name = $"{name}学園", address = $"東京都世田谷区{name}町1-1", mainCapacity = 30, effectiveOn = "2021-09-30" }, Ct);
        var facility = (await created.ReadAsync<Created>(Ct))!.Id;
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = $"{name}ホーム", capacity = 6, openedOn = "2021-10-01" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"{api}/staff", new
        {
            name = $"{name} 太郎", nameKana = "たろう", hiredOn = "2024-04-01", category = "ChildCareWorker", employment = "FullTime",
            weeklyHours = 0, priorExperienceYears = 1, facilityId = facility,
        }, Ct)).StatusCode);
        return (tenant, manager, facility);
    }

    private static async Task<SearchResults> SearchAsync(HttpClient client, TenantInfo tenant, string q)
    {
        var response = await client.GetAsync($"/api/t/{tenant.Id}/search?q={Uri.EscapeDataString(q)}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<SearchResults>(Ct))!;
    }

    [Fact]
    public async Task A_search_finds_the_tenants_facilities_group_homes_and_staff_and_never_another_tenants()
    {
        var (mine, manager, facility) = await CorporationAsync("search-a", "ひまわり");
        var (theirs, otherManager, _) = await CorporationAsync("search-b", "ひまわり坂");

        var results = await SearchAsync(manager, mine, "ひまわり");
        Assert.Contains(results.Hits, h => h.Kind == SearchKind.Facility && h.Title == "ひまわり学園" && h.Path == $"/t/{mine.Id}/facilities/{facility}/timeline");
        Assert.Contains(results.Hits, h => h.Kind == SearchKind.GroupHome && h.Title == "ひまわりホーム");
        Assert.Contains(results.Hits, h => h.Kind == SearchKind.Staff && h.Title == "ひまわり 太郎");
        Assert.All(results.Hits, h => Assert.StartsWith($"/t/{mine.Id}/", h.Path, StringComparison.Ordinal));
        Assert.DoesNotContain(results.Hits, h => h.Title.Contains("ひまわり坂", StringComparison.Ordinal));

        // The other tenant's own name finds nothing here, but everything there.
        Assert.Empty((await SearchAsync(manager, mine, "ひまわり坂")).Hits);
        var there = await SearchAsync(otherManager, theirs, "ひまわり坂");
        Assert.Equal(3, there.Hits.Count);
        Assert.All(there.Hits, h => Assert.StartsWith($"/t/{theirs.Id}/", h.Path, StringComparison.Ordinal));

        // Asking for the other tenant's search with my token: 404, as for any tenant I do not belong to.
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/t/{theirs.Id}/search?q=ひまわり", Ct)).StatusCode);
    }

    [Fact]
    public async Task Staff_names_are_found_by_managers_only_width_and_case_do_not_matter_and_an_empty_query_is_refused()
    {
        var (tenant, manager, _) = await CorporationAsync("search-c", "ＡＢＣ");
        var viewer = portal.ClientFor(tenant, "staff-viewer");

        Assert.Contains((await SearchAsync(manager, tenant, "abc 太郎")).Hits, h => h.Kind == SearchKind.Staff);
        var seen = await SearchAsync(viewer, tenant, "abc");
        Assert.DoesNotContain(seen.Hits, h => h.Kind == SearchKind.Staff);
        Assert.Contains(seen.Hits, h => h.Kind == SearchKind.Facility && h.Title == "ＡＢＣ学園");

        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/t/{tenant.Id}/search?q=", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/t/{tenant.Id}/search?q={new string('x', 101)}", Ct)).StatusCode);
    }
}
