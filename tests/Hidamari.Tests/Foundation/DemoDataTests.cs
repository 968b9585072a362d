using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Foundation;

[Trait("Category", "Foundation")]
public sealed class DemoDataTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task Setagaya_and_its_two_corporations_are_seeded_as_of_september_2021()
    {
        var ward = await portal.TenantAsync(DemoDataSeeder.Setagaya);
        Assert.Equal(TenantKind.Municipality, ward.Kind);

        // The demo goes on to record seed 003's later steps (令和3–6年度), so the starting state is asked for as of its date.
        var ikuseien = await (await portal.ClientFor(await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien)).GetAsync($"/api/t/{DemoDataSeeder.TokyoIkuseien}/facilities?asOf=2021-09-30")).ReadAsync<FacilityList>();
        var fukuinryo = await (await portal.ClientFor(await portal.TenantAsync(DemoDataSeeder.Fukuinryo)).GetAsync($"/api/t/{DemoDataSeeder.Fukuinryo}/facilities?asOf=2021-09-30")).ReadAsync<FacilityList>();

        // Seed 003, 令和3年9月末: 東京育成園 29 + 24 = 53; 福音寮 21 + 36 = 57; the ward 110.
        Assert.Equal(new CapacityTotals(1, 29, 4, 24), ikuseien!.Totals);
        Assert.Equal(new CapacityTotals(1, 21, 6, 36), fukuinryo!.Totals);
        Assert.Equal(110, ikuseien.Totals.TotalCapacity + fukuinryo.Totals.TotalCapacity);
    }

    [Fact]
    public async Task Each_demo_tenant_has_an_api_client_whose_token_reads_only_its_own_tenant()
    {
        var response = await portal.ClientCredentialsAsync(DemoPeople.ApiClientId(DemoDataSeeder.Fukuinryo), "demo-client-secret");
        var api = portal.BearerClient((await Identities.ReadTokensAsync(response)).AccessToken);

        var own = await api.GetAsync($"/api/t/{DemoDataSeeder.Fukuinryo}/facilities");
        var other = await api.GetAsync($"/api/t/{DemoDataSeeder.TokyoIkuseien}/facilities");

        Assert.Equal(57, (await own.ReadAsync<FacilityList>())!.Totals.TotalCapacity);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Demo_people_hold_the_roles_their_address_names()
    {
        var memberships = portal.Services.CreateScope().ServiceProvider.GetRequiredService<Hidamari.Tenancy.Identity.Memberships>();
        var users = portal.Services.CreateScope().ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Hidamari.Tenancy.Identity.PortalUser>>();
        var reviewer = await users.FindByEmailAsync(DemoPeople.Email("reviewer", DemoDataSeeder.Setagaya));
        var multi = await users.FindByEmailAsync(DemoPeople.MultiTenantManager);

        Assert.Equal(["reviewer"], await memberships.RolesAsync(reviewer!.Id, DemoDataSeeder.Setagaya, TestContext.Current.CancellationToken));
        Assert.Equal([DemoDataSeeder.Fukuinryo, DemoDataSeeder.TokyoIkuseien],
            (await memberships.TenantsOfAsync(multi!.Id, TestContext.Current.CancellationToken)).Keys.Order());
        Assert.True((await users.FindByEmailAsync(DemoPeople.Operator))!.IsOperator);
    }

    [Fact]
    public async Task Generated_corporations_join_them_and_seeding_again_changes_nothing()
    {
        var registry = portal.Services.GetRequiredService<TenantRegistry>();
        var before = await registry.ListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(before, t => t.Id == "demo-corp-1" && t.Kind == TenantKind.Corporation);

        await portal.Services.GetRequiredService<DemoDataSeeder>().SeedAsync(1, TestContext.Current.CancellationToken);

        Assert.Equal(before.Select(t => t.Id), (await registry.ListAsync(TestContext.Current.CancellationToken)).Select(t => t.Id));
        var list = await (await portal.ClientFor(await portal.TenantAsync(DemoDataSeeder.Fukuinryo)).GetAsync($"/api/t/{DemoDataSeeder.Fukuinryo}/facilities")).ReadAsync<FacilityList>();
        Assert.Single(list!.Facilities);
    }
}
