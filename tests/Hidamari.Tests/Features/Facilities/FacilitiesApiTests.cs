using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Facilities;

[Trait("Category", "Facilities")]
public sealed class FacilitiesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static object Facility(string name = "福音寮", int capacity = 21) =>
        new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = capacity, effectiveOn = "2021-09-30" };

    private static object GroupHome(string name, int capacity = 6, long? expectedVersion = null) =>
        new { kind = "RegionalSmallScale", name, capacity, openedOn = "2021-10-01", expectedVersion };

    [Fact]
    public async Task Recording_a_facility_and_its_group_homes_updates_the_totals()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("api"));
        var client = portal.ClientFor(tenant);
        var created = await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadAsync<Created>())!.Id;
        Assert.Equal($"/api/t/{tenant.Id}/facilities/{id}", created.Headers.Location!.OriginalString);

        foreach (var n in Enumerable.Range(1, 6))
            Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes", GroupHome($"GH{n}"))).StatusCode);

        var list = await (await client.GetAsync($"/api/t/{tenant.Id}/facilities")).ReadAsync<FacilityList>();
        Assert.Equal(new CapacityTotals(1, 21, 6, 36), list!.Totals);
        Assert.Equal(57, list.Totals.TotalCapacity);
        Assert.Equal(63.2m, list.Totals.GroupHomeShare);

        var one = await (await client.GetAsync($"/api/t/{tenant.Id}/facilities/{id}")).ReadAsync<FacilityOverview>();
        Assert.Equal(7, one!.Version);
    }

    [Theory]
    [InlineData("", 21, "2021-09-30", "name")]
    [InlineData("福音寮", 0, "2021-09-30", "mainCapacity")]
    [InlineData("福音寮", -3, "2021-09-30", "mainCapacity")]
    [InlineData("福音寮", 21, "1800-01-01", "effectiveOn")]
    public async Task Invalid_facilities_are_refused_with_a_message_and_nothing_is_stored(string name, int capacity, string date, string field)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("bad"));
        var client = portal.ClientFor(tenant);
        var response = await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name, address = "x", mainCapacity = capacity, effectiveOn = date });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadAsync<ValidationProblem>();
        Assert.True(problem!.Errors.ContainsKey(field), $"errors name {field}: {string.Join(",", problem.Errors.Keys)}");
        var list = await (await client.GetAsync($"/api/t/{tenant.Id}/facilities")).ReadAsync<FacilityList>();
        Assert.Empty(list!.Facilities);
    }

    [Theory]
    [InlineData("""{"kind":"Castle","name":"x","address":"x","mainCapacity":1,"effectiveOn":"2021-09-30"}""")]
    [InlineData("""{"kind":"ChildrensHome","name":"x","address":"x","mainCapacity":"many","effectiveOn":"2021-09-30"}""")]
    [InlineData("""{"kind":"ChildrensHome","name":"x","address":"x","mainCapacity":1,"effectiveOn":"2021-02-30"}""")]
    [InlineData("""{"kind":"ChildrensHome","name":"x","address":"x","mainCapacity":1.5,"effectiveOn":"2021-09-30"}""")]
    [InlineData("""not json""")]
    public async Task Malformed_bodies_get_400_problem_json(string body)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("raw"));
        var client = portal.ClientFor(tenant);
        var response = await client.PostAsync($"/api/t/{tenant.Id}/facilities", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Messages_follow_the_callers_language()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("lang"));
        var client = portal.ClientFor(tenant);
        async Task<string> NameErrorIn(string language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/t/{tenant.Id}/facilities")
            {
                Content = System.Net.Http.Json.JsonContent.Create(Facility(name: "")),
            };
            request.Headers.AcceptLanguage.ParseAdd(language);
            var problem = await (await client.SendAsync(request)).ReadAsync<ValidationProblem>();
            return problem!.Errors["name"].Single();
        }

        Assert.Equal("名称を入力してください。", await NameErrorIn("ja"));
        Assert.Equal("Enter a name.", await NameErrorIn("en"));
    }

    [Fact]
    public async Task A_group_home_for_a_stale_facility_version_is_refused_with_409_and_not_stored()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("occ"));
        var client = portal.ClientFor(tenant);
        var id = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities", Facility())).ReadAsync<Created>())!.Id;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes", GroupHome("A", expectedVersion: 1))).StatusCode);

        var stale = await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes", GroupHome("B", expectedVersion: 1));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var one = await (await client.GetAsync($"/api/t/{tenant.Id}/facilities/{id}")).ReadAsync<FacilityOverview>();
        Assert.Equal(["A"], one!.GroupHomes.Select(g => g.Name));
    }

    [Fact]
    public async Task Unknown_facilities_answer_404()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("nf"));
        var client = portal.ClientFor(tenant);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/t/{tenant.Id}/facilities/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{Guid.NewGuid()}/group-homes", GroupHome("x"))).StatusCode);
    }

    private sealed record ValidationProblem(string Title, int Status, Dictionary<string, string[]> Errors);
}
