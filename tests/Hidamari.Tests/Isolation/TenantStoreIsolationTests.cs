using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Isolation;

/// Two corporations on one portal: nothing of one is visible or writable from the other, through the store or the API.
[Trait("Category", "Isolation")]
public sealed class TenantStoreIsolationTests(PortalFactory portal) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private TenantInfo _a = default!;
    private TenantInfo _b = default!;
    private HttpClient _clientA = default!;
    private HttpClient _clientB = default!;
    private Guid _facilityOfB;

    public async ValueTask InitializeAsync()
    {
        _a = await portal.CreateTenantAsync(PortalFactory.NewTenantId("iso-a"));
        _b = await portal.CreateTenantAsync(PortalFactory.NewTenantId("iso-b"));
        _clientA = portal.ClientFor(_a);
        _clientB = portal.ClientFor(_b);
        var commands = portal.Services.GetRequiredService<FacilityCommands>();
        var result = await commands.RegisterAsync(_b, "test",
            new RegisterFacility(FacilityKind.ChildrensHome, "B の施設", "x", 30, new DateOnly(2021, 4, 1)), CancellationToken.None);
        _facilityOfB = result.Value;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Each_tenant_has_its_own_database()
    {
        Assert.NotEqual(_a.DatabaseName, _b.DatabaseName);
        var databases = await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix);
        Assert.Contains(_a.DatabaseName, databases);
        Assert.Contains(_b.DatabaseName, databases);
    }

    [Fact]
    public async Task The_store_of_one_tenant_does_not_see_the_others_documents_or_events()
    {
        var stores = portal.Services.GetRequiredService<TenantStores>();
        await using var sessionA = stores.QuerySession(_a);
        await using var sessionB = stores.QuerySession(_b);

        Assert.Null(await sessionA.LoadAsync<FacilityOverview>(_facilityOfB, TestContext.Current.CancellationToken));
        Assert.Empty(await sessionA.Events.FetchStreamAsync(_facilityOfB, token: TestContext.Current.CancellationToken));
        Assert.NotNull(await sessionB.LoadAsync<FacilityOverview>(_facilityOfB, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_api_of_one_tenant_lists_none_of_the_others_facilities()
    {
        var listA = await (await _clientA.GetAsync($"/api/t/{_a.Id}/facilities")).ReadAsync<FacilityList>();
        var listB = await (await _clientB.GetAsync($"/api/t/{_b.Id}/facilities")).ReadAsync<FacilityList>();

        Assert.Empty(listA!.Facilities);
        Assert.Equal([_facilityOfB], listB!.Facilities.Select(f => f.Id));
    }

    [Fact]
    public async Task Another_tenants_route_with_a_valid_token_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _clientA.GetAsync($"/api/t/{_b.Id}/facilities")).StatusCode);
        var write = await _clientA.PostJsonAsync($"/api/t/{_b.Id}/facilities",
            new { kind = "ChildrensHome", name = "侵入", address = "x", mainCapacity = 10, effectiveOn = "2021-04-01" });
        Assert.Equal(HttpStatusCode.NotFound, write.StatusCode);
        var listB = await (await _clientB.GetAsync($"/api/t/{_b.Id}/facilities")).ReadAsync<FacilityList>();
        Assert.DoesNotContain(listB!.Facilities, f => f.Name == "侵入");
    }

    [Fact]
    public async Task Another_tenants_id_under_ones_own_route_is_not_found()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _clientA.GetAsync($"/api/t/{_a.Id}/facilities/{_facilityOfB}")).StatusCode);
    }

    [Fact]
    public async Task Writing_to_another_tenants_facility_under_ones_own_route_fails_and_leaves_no_trace()
    {
        var response = await _clientA.PostJsonAsync($"/api/t/{_a.Id}/facilities/{_facilityOfB}/group-homes",
            new { kind = "RegionalSmallScale", name = "侵入", capacity = 4, openedOn = "2021-10-01" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var b = await (await _clientB.GetAsync($"/api/t/{_b.Id}/facilities/{_facilityOfB}")).ReadAsync<FacilityOverview>();
        Assert.Empty(b!.GroupHomes);
        var stores = portal.Services.GetRequiredService<TenantStores>();
        await using var sessionA = stores.QuerySession(_a);
        Assert.Empty(await sessionA.Events.FetchStreamAsync(_facilityOfB, token: TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("X-Tenant")]
    [InlineData("Tenant")]
    [InlineData("X-Tenant-Id")]
    public async Task A_header_naming_another_tenant_changes_nothing(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/t/{_a.Id}/facilities");
        request.Headers.Add(header, _b.Id);
        var list = await (await _clientA.SendAsync(request)).ReadAsync<FacilityList>();
        Assert.Empty(list!.Facilities);
    }

    [Fact]
    public async Task A_query_string_or_body_naming_another_tenant_changes_nothing()
    {
        var list = await (await _clientA.GetAsync($"/api/t/{_a.Id}/facilities?tenant={_b.Id}&tenantId={_b.Id}")).ReadAsync<FacilityList>();
        Assert.Empty(list!.Facilities);

        var created = await _clientA.PostJsonAsync($"/api/t/{_a.Id}/facilities",
            new { tenant = _b.Id, tenantId = _b.Id, kind = "ChildrensHome", name = "A の施設", address = "x", mainCapacity = 10, effectiveOn = "2021-04-01" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listB = await (await _clientB.GetAsync($"/api/t/{_b.Id}/facilities")).ReadAsync<FacilityList>();
        Assert.DoesNotContain(listB!.Facilities, f => f.Name == "A の施設");
    }

    [Theory]
    [InlineData("no-such-tenant")]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("x%3Bdrop%20database")]
    [InlineData("..%2F..%2Fetc")]
    public async Task Unknown_or_malformed_tenants_get_404_and_no_database_is_created(string tenant)
    {
        var before = await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix);

        var api = await _clientA.GetAsync($"/api/t/{tenant}/facilities");
        var page = await portal.CreateClient().GetAsync($"/t/{tenant}/facilities");

        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(before, await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix));
    }
}
