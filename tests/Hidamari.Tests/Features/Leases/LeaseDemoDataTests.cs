using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Leases.CriticalDates;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Leases;

[Trait("Category", "Leases")]
public sealed class LeaseDemoDataTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Theory]
    [InlineData(DemoDataSeeder.TokyoIkuseien)]
    [InlineData(DemoDataSeeder.Fukuinryo)]
    public async Task Every_demo_group_home_has_a_lease_and_the_first_has_a_notice_deadline_in_the_next_90_days(string tenantId)
    {
        var tenant = await portal.TenantAsync(tenantId);
        var client = portal.ClientFor(tenant, "manager");

        var facilities = await (await client.GetAsync($"/api/t/{tenantId}/facilities")).ReadAsync<FacilityList>();
        var leases = (await (await client.GetAsync($"/api/t/{tenantId}/leases")).ReadAsync<List<LeaseListItem>>())!;
        var upcoming = await (await client.GetAsync($"/api/t/{tenantId}/leases/critical-dates?days=90")).ReadAsync<CriticalDateList>();
        var costs = await (await client.GetAsync($"/api/t/{tenantId}/leases/costs?fiscalYear={Hidamari.Portal.Infrastructure.JapaneseDates.FiscalYearOf(upcoming!.Today)}")).ReadAsync<CorporationLeaseCosts>();

        var groupHomes = facilities!.Facilities.SelectMany(f => f.GroupHomes).Select(g => g.Id).Order().ToList();
        Assert.Equal(groupHomes, leases.Select(l => l.Lease.GroupHomeId).Order());
        Assert.All(leases, l => Assert.True(l.Lease.EndsOn >= upcoming.Today, $"{l.GroupHomeName} ends {l.Lease.EndsOn}"));
        Assert.Contains(upcoming.Dates, d => d.Date.Kind == CriticalDateKind.NoticeDeadline);
        Assert.True(costs!.Recurring > 0);
    }
}
