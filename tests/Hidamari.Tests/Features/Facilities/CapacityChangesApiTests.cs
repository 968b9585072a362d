using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Facilities.Timeline;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Facilities;

/// Units, group homes and their changes through the HTTP API, read back as of dates and as a timeline.
[Trait("Category", "Facilities")]
public sealed class CapacityChangesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<(HttpClient Client, string Base)> FacilityAsync()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("cap"));
        var client = portal.ClientFor(tenant);
        await PostAsync(client, $"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "福音寮", address = "東京都世田谷区", mainCapacity = 21, effectiveOn = "2021-09-30" });
        return (client, $"/api/t/{tenant.Id}");
    }

    private static async Task<Guid> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostJsonAsync(url, body, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.ReadAsync<Created>(Ct))!.Id;
    }

    [Fact]
    public async Task Lowering_units_and_a_group_home_changes_the_indicators_from_the_effective_date_on()
    {
        var (client, api) = await FacilityAsync();
        var facility = (await (await client.GetAsync($"{api}/facilities", Ct)).ReadAsync<FacilityList>(Ct))!.Facilities.Single().Id;
        var units = new List<Guid>();
        for (var n = 1; n <= 3; n++)
            units.Add(await PostAsync(client, $"{api}/facilities/{facility}/units", new { name = $"U{n}", capacity = 7, effectiveOn = "2021-09-30" }));
        var homes = new List<Guid>();
        for (var n = 1; n <= 6; n++)
            homes.Add(await PostAsync(client, $"{api}/facilities/{facility}/group-homes",
                new { kind = "RegionalSmallScale", name = $"GH{n}", capacity = 6, openedOn = "2021-09-30" }));

        foreach (var unit in units)
            await PostAsync(client, $"{api}/facilities/{facility}/units/{unit}/capacity-changes", new { capacity = 6, effectiveOn = "2023-04-01", reason = "小規模化" });
        await PostAsync(client, $"{api}/facilities/{facility}/group-homes/{homes[0]}/capacity-changes", new { capacity = 5, effectiveOn = "2023-04-01" });
        await PostAsync(client, $"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "GH7", capacity = 4, openedOn = "2023-10-01" });

        var r4 = await (await client.GetAsync($"{api}/indicators?asOf=2023-03-31", Ct)).ReadAsync<IndicatorSnapshot>(Ct);
        var r5 = await (await client.GetAsync($"{api}/indicators?asOf=2024-03-31", Ct)).ReadAsync<IndicatorSnapshot>(Ct);

        Assert.Equal((21, 36, 57, 63.2m), (r4!.Corporation.MainCapacity, r4.Corporation.GroupHomeCapacity, r4.Corporation.TotalCapacity, r4.Corporation.GroupHomeShare));
        Assert.Equal((18, 39, 57, 68.4m), (r5!.Corporation.MainCapacity, r5.Corporation.GroupHomeCapacity, r5.Corporation.TotalCapacity, r5.Corporation.GroupHomeShare));
        Assert.Equal((5, 2), (r5.Corporation.GroupHomesSixOrMore, r5.Corporation.GroupHomesFourToFive));
        Assert.Equal("令和5年度", r5.FiscalYearLabel);

        var timeline = await (await client.GetAsync($"{api}/facilities/{facility}/timeline", Ct)).ReadAsync<FacilityTimeline>(Ct);
        Assert.Equal(15, timeline!.Entries.Count);
        var lowered = timeline.Entries.Single(e => e.Type == nameof(GroupHomeCapacityChanged));
        Assert.Equal(("GH1", new DateOnly(2023, 4, 1)), (lowered.Subject, lowered.EffectiveOn));
        Assert.StartsWith("manager.cap-", lowered.RecordedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_changes_are_refused_and_nothing_is_recorded()
    {
        var (client, api) = await FacilityAsync();
        var facility = (await (await client.GetAsync($"{api}/facilities", Ct)).ReadAsync<FacilityList>(Ct))!.Facilities.Single().Id;
        var home = await PostAsync(client, $"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "GH1", capacity = 6, openedOn = "2021-10-01" });

        var tooBig = await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes/{home}/capacity-changes", new { capacity = 7, effectiveOn = "2022-04-01" }, Ct);
        var early = await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes/{home}/capacity-changes", new { capacity = 4, effectiveOn = "2021-09-01" }, Ct);
        var unknown = await client.PostJsonAsync($"{api}/facilities/{facility}/units/{Guid.NewGuid()}/capacity-changes", new { capacity = 4, effectiveOn = "2022-04-01" }, Ct);
        var stale = await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes/{home}/capacity-changes", new { capacity = 4, effectiveOn = "2022-04-01", expectedVersion = 1 }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, tooBig.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("effectiveOn", await early.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var now = await (await client.GetAsync($"{api}/facilities/{facility}", Ct)).ReadAsync<FacilityOverview>(Ct);
        Assert.Equal((6, 2L), (now!.GroupHomeCapacity, now.Version));
    }

    [Fact]
    public async Task Year_ends_are_listed_for_a_range_and_a_bad_range_is_refused()
    {
        var (client, api) = await FacilityAsync();

        var years = (await (await client.GetAsync($"{api}/indicators/year-ends?from=2020&to=2022", Ct)).ReadAsync<List<IndicatorSnapshot>>(Ct))!;
        var bad = await client.GetAsync($"{api}/indicators/year-ends?from=2024&to=2021", Ct);

        Assert.Equal([new DateOnly(2021, 3, 31), new DateOnly(2022, 3, 31), new DateOnly(2023, 3, 31)], years.Select(y => y.AsOf));
        Assert.Equal([0, 21, 21], years.Select(y => y.Corporation.TotalCapacity));
        Assert.Empty(years[0].Facilities);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
