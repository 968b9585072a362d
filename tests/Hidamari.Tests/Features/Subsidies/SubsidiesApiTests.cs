using System.Net;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Subsidies;

[Trait("Category", "Subsidies")]
public sealed class SubsidiesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_capacity_45_example_reproduces_through_the_api()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("est"));
        var client = portal.ClientFor(tenant, "finance");
        var example = await (await client.GetAsync($"/api/t/{tenant.Id}/subsidies/examples/capacity-45")).ReadAsync<FacilityMonthState>();

        var response = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate", new EstimateRequest(new DateOnly(2011, 5, 1), example));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = (await response.ReadAsync<PlacementFeeStatement>())!;
        Assert.Equal([125_920, 9_050, 35_550, 15_346, 47_430, 11_500], statement.Lines.Select(l => l.UnitYen));
        Assert.Equal(244_796, statement.PerChildTotal);
        Assert.Equal("9%", statement.Improvement!.AppliedClass);
        Assert.All(statement.Lines, l => Assert.Equal(1, l.Citation.TableNumber));
    }

    [Fact]
    public async Task The_setagaya_fy2022_opening_costs_reproduce_through_the_api()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("gh"));
        var client = portal.ClientFor(tenant, "finance");
        var plan = await (await client.GetAsync($"/api/t/{tenant.Id}/subsidies/opening-costs/examples/setagaya-fy2022")).ReadAsync<OpeningCostPlan>();

        var split = await (await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/opening-costs", plan)).ReadAsync<OpeningCostSplit>();

        Assert.Equal((3_974_000L, 14_124_000L, 16_000_000L, 34_098_000L),
            (split!.InitialLeaseYen, split.AnnualRentYen, split.EquipmentYen, split.TotalExpenditureYen));
        Assert.Equal((8_239_000L, 8_000_000L, 16_239_000L), (split.NationalBurdenYen, split.NationalSubsidyYen, split.TotalRevenueYen));
    }

    [Fact]
    public async Task A_recorded_facility_is_estimated_from_its_capacity_and_group_homes_plus_finance_figures()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("rec"));
        var client = portal.ClientFor(tenant, "finance");
        var id = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都", mainCapacity = 39, effectiveOn = "2011-04-01" })).ReadAsync<Created>())!.Id;
        await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes",
            new { kind = "SatelliteSmallGroupCare", name = "分園A", capacity = 6, openedOn = "2011-04-01" });
        await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes",
            new { kind = "RegionalSmallScale", name = "地域GH", capacity = 6, openedOn = "2011-07-01" });
        var figures = new EstimateFigures(ResidentsByAge.Unbanded(44), 0,
            [StaffPost.Psychologist, StaffPost.Nurse, StaffPost.IndividualCare, StaffPost.FamilySupport, StaffPost.Senior], "9%");

        var may = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate",
            new EstimateRequest(new DateOnly(2011, 5, 1), FacilityId: id, Figures: figures))).ReadAsync<PlacementFeeStatement>())!;
        var july = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate",
            new EstimateRequest(new DateOnly(2011, 7, 1), FacilityId: id, Figures: figures))).ReadAsync<PlacementFeeStatement>())!;

        // 本体 39 + 分園型 6 = 定員 45: the seed's band; the satellite home is one SGC unit, whose rate the seed does not give.
        Assert.Equal(45, may.Lines.Single(l => l.Code == "BasicProtection").Quantity);
        Assert.Equal(44, may.Lines.Single(l => l.Code == "GeneralLiving").Quantity);
        Assert.Contains(may.Warnings, w => w.Item == RateItems.SmallGroupCare);
        Assert.DoesNotContain(may.Warnings, w => w.Item == RateItems.RegionalSmallHome);
        Assert.Contains(july.Warnings, w => w.Item == RateItems.RegionalSmallHome);
        Assert.Equal(may.Lines.Sum(l => l.Amount), may.Total);
    }

    [Fact]
    public async Task Months_before_any_version_and_unknown_facilities_are_refused()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("none"));
        var client = portal.ClientFor(tenant, "finance");

        var early = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate", new EstimateRequest(new DateOnly(2010, 5, 1), Fy2011Seed.Capacity45Example()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early.StatusCode);
        var unknown = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate", new EstimateRequest(new DateOnly(2011, 5, 1), FacilityId: Guid.NewGuid()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Impossible_figures_are_refused_with_400_problem_json()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("bad"));
        var client = portal.ClientFor(tenant, "finance");
        var example = Fy2011Seed.Capacity45Example();

        var negative = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate",
            new EstimateRequest(new DateOnly(2011, 5, 1), example with { Capacity = -1, Residents = new ResidentsByAge(Elementary: -3) }));
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal("application/problem+json", negative.Content.Headers.ContentType!.MediaType);
        var body = await negative.Content.ReadAsStringAsync();
        Assert.Contains("state.Capacity", body, StringComparison.OrdinalIgnoreCase);

        var neither = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/estimate", new EstimateRequest(new DateOnly(2011, 5, 1)));
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);

        var plan = OpeningCosts.SetagayaFy2022();
        var noReason = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/opening-costs",
            plan with { Exclusions = [plan.Exclusions[0] with { Reason = "" }] });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var claim = await client.PostJsonAsync($"/api/t/{tenant.Id}/claims",
            new { facilityId = Guid.NewGuid(), month = "2011-05-01", figures = new { residents = new { elementary = -1 }, smallGroupCareUnits = 0, qualifyingPosts = Array.Empty<string>(), improvementClass = "9%", region = "" } });
        Assert.Equal(HttpStatusCode.BadRequest, claim.StatusCode);
    }

    [Fact]
    public async Task The_year_view_shows_what_opening_a_group_home_does_to_income_and_cost()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("year"));
        var client = portal.ClientFor(tenant, "finance");
        var request = new YearViewRequest(2011, Fy2011Seed.Capacity45Example(), null, null,
            [new PlannedGroupHome("新GH", 4, new DateOnly(2011, 10, 1), Regional: true)], OpeningCosts.SetagayaFy2022(), 2);

        var response = await client.PostJsonAsync($"/api/t/{tenant.Id}/subsidies/year-view", request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var year = (await response.ReadAsync<YearProjection>())!;
        Assert.Equal(12, year.Months.Count);
        Assert.All(year.Months, m => Assert.Equal(244_796 * 45, m.CurrentYen));
        // The seed has no 地域小規模 rate: the plan's months are flagged incomplete rather than priced by guess.
        Assert.All(year.Months.Skip(6), m => Assert.False(m.Complete));
        Assert.Contains(year.Warnings, w => w.Item == RateItems.RegionalSmallHome);
        Assert.Equal(17_049_000, year.OpeningCosts!.TotalExpenditureYen);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_subsidy_claim_and_rate_table_endpoints()
    {
        var response = await portal.CreateClient().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.Content.ReadAsStringAsync();
        Assert.Contains("/api/t/{tenant}/subsidies/estimate", document, StringComparison.Ordinal);
        Assert.Contains("/api/t/{tenant}/claims/{claimId}/lock", document, StringComparison.Ordinal);
        Assert.Contains("/api/operator/rate-tables/import", document, StringComparison.Ordinal);
    }
}
