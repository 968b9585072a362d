using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Facilities;

/// The demo corporations reproduce the year-end table of DOMAIN.md (seed 003) through the indicators API.
[Trait("Category", "Facilities")]
public sealed class SetagayaDemoIndicatorsTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    private async Task<IReadOnlyList<IndicatorSnapshot>> YearEnds(string tenantId)
    {
        var tenant = await portal.TenantAsync(tenantId);
        var response = await portal.ClientFor(tenant).GetAsync($"/api/t/{tenantId}/indicators/year-ends?from=2021&to=2024", TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.ReadAsync<List<IndicatorSnapshot>>(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task Tokyo_ikuseien_at_each_year_end_of_Reiwa_3_to_6()
    {
        var years = await YearEnds(DemoDataSeeder.TokyoIkuseien);

        Assert.Equal(["令和3年度", "令和4年度", "令和5年度", "令和6年度"], years.Select(y => y.FiscalYearLabel));
        Assert.All(years, y => Assert.True(y.IsFiscalYearEnd));
        Assert.Equal([53, 55, 55, 54], years.Select(y => y.Corporation.TotalCapacity));
        Assert.Equal([22, 24, 24, 36], years.Select(y => y.Corporation.GroupHomeCapacity));
        Assert.Equal([(5, 31), (5, 31), (5, 31), (3, 18)], years.Select(y => (y.Corporation.MainUnitsSixOrMore, y.Corporation.MainCapacity)));
        Assert.Equal([(3, 1), (0, 6), (0, 6), (0, 9)], years.Select(y => (y.Corporation.GroupHomesSixOrMore, y.Corporation.GroupHomesFourToFive)));
        Assert.All(years, y => Assert.Equal(0, y.Corporation.MainUnitsFourToFive));
    }

    [Fact]
    public async Task Fukuinryo_at_each_year_end_of_Reiwa_3_to_6()
    {
        var years = await YearEnds(DemoDataSeeder.Fukuinryo);

        Assert.Equal([57, 57, 57, 57], years.Select(y => y.Corporation.TotalCapacity));
        Assert.Equal([36, 36, 39, 39], years.Select(y => y.Corporation.GroupHomeCapacity));
        Assert.Equal([(3, 21), (3, 21), (3, 18), (3, 18)], years.Select(y => (y.Corporation.MainUnitsSixOrMore, y.Corporation.MainCapacity)));
        Assert.Equal([(6, 0), (6, 0), (5, 2), (5, 2)], years.Select(y => (y.Corporation.GroupHomesSixOrMore, y.Corporation.GroupHomesFourToFive)));
        var facility = Assert.Single(years[0].Facilities);
        Assert.Equal("福音寮", facility.Name);
        Assert.Equal(years[0].Corporation, facility.Figures);
    }

    [Fact]
    public async Task The_ward_sums_to_110_in_Reiwa_3_and_111_planned_for_Reiwa_6()
    {
        var ikuseien = await YearEnds(DemoDataSeeder.TokyoIkuseien);
        var fukuinryo = await YearEnds(DemoDataSeeder.Fukuinryo);

        var ward = ikuseien.Zip(fukuinryo, (a, b) => CapacityIndicators.Sum([a.Corporation, b.Corporation])).ToList();

        Assert.Equal([110, 112, 112, 111], ward.Select(w => w.TotalCapacity));
        Assert.Equal([52.7m, 53.6m, 56.3m, 67.6m], ward.Select(w => w.GroupHomeShare));
    }

    [Fact]
    public async Task The_starting_state_of_September_2021_has_95_residents_and_the_standards_demo_rooms()
    {
        var tenant = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var client = portal.ClientFor(tenant);
        var ct = TestContext.Current.CancellationToken;

        var ikuseien = await (await client.GetAsync($"/api/t/{DemoDataSeeder.TokyoIkuseien}/indicators?asOf=2021-09-30", ct)).ReadAsync<IndicatorSnapshot>(ct);
        var fukuinryoClient = portal.ClientFor(await portal.TenantAsync(DemoDataSeeder.Fukuinryo));
        var fukuinryo = await (await fukuinryoClient.GetAsync($"/api/t/{DemoDataSeeder.Fukuinryo}/indicators?asOf=2021-09-30", ct)).ReadAsync<IndicatorSnapshot>(ct);
        var list = await (await client.GetAsync($"/api/t/{DemoDataSeeder.TokyoIkuseien}/facilities?asOf=2021-09-30", ct)).ReadAsync<FacilityList>(ct);

        Assert.Equal(53, ikuseien!.Corporation.TotalCapacity);
        Assert.Equal((4, 29), (ikuseien.Corporation.MainUnitsSixOrMore, ikuseien.Corporation.MainCapacity));
        Assert.Equal(95, ikuseien.Corporation.Residents + fukuinryo!.Corporation.Residents);
        Assert.Equal(2, list!.Facilities.Single().Rooms.Count);
    }
}
