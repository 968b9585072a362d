using System.Net;
using System.Net.Http.Json;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Plans;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Facilities;

/// The new facility, plan and standards routes keep one corporation's data out of another's reach.
[Trait("Category", "Isolation")]
[Trait("Category", "Facilities")]
public sealed class CrossTenantTests(PortalFactory portal) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private TenantInfo _a = default!;
    private TenantInfo _b = default!;
    private Guid _facilityOfB;
    private Guid _homeOfB;

    public async ValueTask InitializeAsync()
    {
        _a = await portal.CreateTenantAsync(PortalFactory.NewTenantId("xa"));
        _b = await portal.CreateTenantAsync(PortalFactory.NewTenantId("xb"));
        var commands = portal.Services.GetRequiredService<FacilityCommands>();
        _facilityOfB = (await commands.RegisterAsync(_b, "b", new RegisterFacility(FacilityKind.ChildrensHome, "B", "x", 21, new(2021, 4, 1)), Ct)).Value;
        _homeOfB = (await commands.OpenGroupHomeAsync(_b, "b", _facilityOfB, new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "GH", 6, new(2021, 4, 1)), Ct)).Value;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Writes_to_another_tenants_facility_under_ones_own_route_are_not_found_and_leave_no_trace()
    {
        var client = portal.ClientFor(_a);
        var api = $"/api/t/{_a.Id}";

        var capacity = await client.PostJsonAsync($"{api}/facilities/{_facilityOfB}/group-homes/{_homeOfB}/capacity-changes", new { capacity = 4, effectiveOn = "2022-04-01" }, Ct);
        var unit = await client.PostJsonAsync($"{api}/facilities/{_facilityOfB}/units", new { name = "U", capacity = 6, effectiveOn = "2022-04-01" }, Ct);
        var plan = await client.PutAsJsonAsync($"{api}/plans/{_facilityOfB}/years/2022",
            new { figures = new { mainUnitsSixOrMore = 0, mainUnitsFourToFive = 0, mainCapacity = 21, groupHomesSixOrMore = 1, groupHomesFourToFive = 0, groupHomeCapacity = 6 } }, Json.Options, Ct);
        var timeline = await client.GetAsync($"{api}/facilities/{_facilityOfB}/timeline", Ct);
        var export = await client.GetAsync($"{api}/plans/{_facilityOfB}/sheet.csv", Ct);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { capacity, unit, plan, timeline, export }.Select(r => r.StatusCode));
        var b = await (await portal.ClientFor(_b).GetAsync($"/api/t/{_b.Id}/facilities/{_facilityOfB}", Ct)).ReadAsync<FacilityOverview>(Ct);
        Assert.Equal((6, 2L), (b!.GroupHomeCapacity, b.Version));
        Assert.Empty((await (await client.GetAsync($"{api}/plans", Ct)).ReadAsync<DecentralizationPlan>(Ct))!.Years);
    }

    [Fact]
    public async Task Indicators_and_findings_of_a_tenant_hold_only_its_own_facilities()
    {
        var indicatorsA = await (await portal.ClientFor(_a).GetAsync($"/api/t/{_a.Id}/indicators?asOf=2022-03-31", Ct)).ReadAsync<IndicatorSnapshot>(Ct);
        var indicatorsB = await (await portal.ClientFor(_b).GetAsync($"/api/t/{_b.Id}/indicators?asOf=2022-03-31", Ct)).ReadAsync<IndicatorSnapshot>(Ct);
        var findingsA = await portal.ClientFor(_a).GetStringAsync($"/api/t/{_a.Id}/standards/findings?asOf=2022-03-31", Ct);

        Assert.Empty(indicatorsA!.Facilities);
        Assert.Equal(0, indicatorsA.Corporation.TotalCapacity);
        Assert.Equal(27, indicatorsB!.Corporation.TotalCapacity);
        Assert.DoesNotContain(_facilityOfB.ToString(), findingsA, StringComparison.Ordinal);
    }
}
