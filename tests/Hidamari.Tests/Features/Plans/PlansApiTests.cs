using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Features.Plans.ImportExport;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Plans;

[Trait("Category", "Plans")]
public sealed class PlansApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string Api, Guid Facility)> FacilityAsync()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("plan"));
        var client = portal.ClientFor(tenant);
        var created = await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "福音寮", address = "世田谷区", mainCapacity = 21, effectiveOn = "2021-09-30" }, Ct);
        var id = (await created.ReadAsync<Created>(Ct))!.Id;
        for (var n = 1; n <= 6; n++)
            await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{id}/group-homes",
                new { kind = "RegionalSmallScale", name = $"GH{n}", capacity = 6, openedOn = "2021-09-30" }, Ct);
        return (client, $"/api/t/{tenant.Id}", id);
    }

    private static object Year(int main, int ghSix, int ghFour, int gh, string? steps = null) =>
        new { figures = new { mainUnitsSixOrMore = 3, mainUnitsFourToFive = 0, mainCapacity = main, groupHomesSixOrMore = ghSix, groupHomesFourToFive = ghFour, groupHomeCapacity = gh }, steps };

    [Fact]
    public async Task A_plan_entered_year_by_year_is_compared_with_the_actual_and_the_lag_is_shown()
    {
        var (client, api, facility) = await FacilityAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2021", Year(21, 6, 0, 36), Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2023", Year(18, 5, 2, 39, "GH1を5人に、GH1か所新設"), Json.Options, Ct)).StatusCode);

        var comparison = await (await client.GetAsync($"{api}/plans/comparison?from=2021&to=2023", Ct)).ReadAsync<PlanComparison>(Ct);

        var years = comparison!.Facilities.Single().Years;
        Assert.Empty(years[0].Lags);
        Assert.Null(years[1].Planned);
        Assert.Equal([LagIndicator.MainCapacity, LagIndicator.GroupHomeCapacity, LagIndicator.GroupHomeCount, LagIndicator.GroupHomesSixOrMore, LagIndicator.GroupHomeShare],
            years[2].Lags);
        Assert.Equal((68.4m, 63.2m), (years[2].Planned!.GroupHomeShare, years[2].Actual!.GroupHomeShare));
    }

    [Fact]
    public async Task Impossible_figures_and_unknown_facilities_are_refused()
    {
        var (client, api, facility) = await FacilityAsync();

        var tooSmall = await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2021", Year(10, 6, 0, 36), Json.Options, Ct);
        var unknown = await client.PutAsJsonAsync($"{api}/plans/{Guid.NewGuid()}/years/2021", Year(21, 6, 0, 36), Json.Options, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);
        Assert.Contains("figures.MainCapacity", await tooSmall.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty((await (await client.GetAsync($"{api}/plans", Ct)).ReadAsync<DecentralizationPlan>(Ct))!.Years);
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("xlsx")]
    public async Task An_exported_sheet_imports_back_and_a_bad_sheet_stores_nothing(string format)
    {
        var (client, api, facility) = await FacilityAsync();
        await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2021", Year(21, 6, 0, 36), Json.Options, Ct);
        await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2023", Year(18, 5, 2, 39, "ユニット7→6"), Json.Options, Ct);

        var export = await client.GetAsync($"{api}/plans/{facility}/sheet.{format}", Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var bytes = await export.Content.ReadAsByteArrayAsync(Ct);

        await client.DeleteAsync($"{api}/plans/{facility}/years/2021", Ct);
        await client.DeleteAsync($"{api}/plans/{facility}/years/2023", Ct);
        Assert.Empty((await (await client.GetAsync($"{api}/plans", Ct)).ReadAsync<DecentralizationPlan>(Ct))!.Years);

        var imported = await client.PostAsync($"{api}/plans/{facility}/sheet", Upload(bytes, $"plan.{format}"), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var plan = await (await client.GetAsync($"{api}/plans", Ct)).ReadAsync<DecentralizationPlan>(Ct);
        Assert.Equal([(2021, 36, (string?)null), (2023, 39, "ユニット7→6")],
            plan!.Of(facility).Select(y => (y.FiscalYear, y.Figures.GroupHomeCapacity, y.Steps)));

        // A sheet with an error in one cell: 422 with the cell, and the stored plan is untouched.
        var grid = PlanSheet.ToGrid(plan.Of(facility)).Select(r => r.ToArray()).ToArray();
        grid[3][2] = "十八";
        var csv = string.Join("\n", grid.Select(r => string.Join(",", r.Select(c => $"\"{c}\""))));
        var refused = await client.PostAsync($"{api}/plans/{facility}/sheet", Upload(System.Text.Encoding.UTF8.GetBytes(csv), "plan.csv"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = await refused.ReadAsync<SheetErrors>(Ct);
        Assert.Equal("C4", Assert.Single(errors!.Errors).Cell);
        Assert.Equal(plan.Years, (await (await client.GetAsync($"{api}/plans", Ct)).ReadAsync<DecentralizationPlan>(Ct))!.Years);
    }

    [Fact]
    public async Task Steps_entered_through_the_api_plan_the_years_without_figures_and_bad_steps_are_refused()
    {
        var (client, api, facility) = await FacilityAsync();

        var saved = await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2023/steps",
            new { steps = new object[] { new { kind = "ChangeGroupHomeCapacity", count = 1, capacity = 5, from = 6 }, new { kind = "OpenGroupHomes", count = 1, capacity = 4 } } }, Json.Options, Ct);
        var missingFrom = await client.PutAsJsonAsync($"{api}/plans/{facility}/years/2024/steps",
            new { steps = new object[] { new { kind = "ChangeGroupHomeCapacity", count = 1, capacity = 4 } } }, Json.Options, Ct);

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missingFrom.StatusCode);
        var year = (await (await client.GetAsync($"{api}/plans/comparison?from=2023&to=2023", Ct)).ReadAsync<PlanComparison>(Ct))!.Facilities.Single().Years.Single();
        Assert.True(year.PlannedFromSteps);
        // From the actual at 令和4年度末 (main 21 without units, GH 6 × 6): GH 5,6,6,6,6,6 and a new 4.
        Assert.Equal(new CapacityIndicators(0, 0, 21, 5, 2, 7, 39), year.Planned);
        Assert.Equal(2, year.PlannedSteps.Count);
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }
}
