using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Staff;

[Trait("Category", "Staff")]
public sealed class StaffDemoDataTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Demo_staff_meet_the_ratios_of_a_demo_facility_and_leave_one_certificate_and_one_senior_training_to_see_to()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "staff-demo", capacity: 29);
        foreach (var n in Enumerable.Range(1, 2))
            await corp.Manager.PostJsonAsync($"/api/t/{corp.Tenant.Id}/facilities/{corp.FacilityId}/group-homes",
                new { kind = "RegionalSmallScale", name = $"ホーム{n}", capacity = 6, openedOn = "2021-09-30" });
        var demo = portal.Services.GetRequiredService<StaffDemoData>();
        var queries = portal.Services.GetRequiredService<StaffQueries>();

        await demo.SeedAsync(corp.Tenant, CancellationToken.None);
        var count = (await queries.AllAsync(corp.Tenant, CancellationToken.None)).Count;
        await demo.SeedAsync(corp.Tenant, CancellationToken.None);

        Assert.Equal(count, (await queries.AllAsync(corp.Tenant, CancellationToken.None)).Count);
        var roster = await queries.RosterAsync(corp.Tenant, null, false, CancellationToken.None);
        Assert.All(roster.Rows, r => Assert.Matches(@"^\S+ \S+$", r.Name));
        var view = (await queries.ComplianceAsync(corp.Tenant, corp.FacilityId, null, CancellationToken.None))!;
        Assert.All(view.Compliance.Lines.Where(l => l.Obligation == Obligation.Mandatory), l => Assert.True(l.Gap == 0, $"{l.Post}: gap {l.Gap}"));
        Assert.Equal(2, view.Compliance.GroupHomes.Count);
        Assert.True(view.Compliance.IsCompliant);
        Assert.Equal(1m, view.Compliance.Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);

        var alerts = await queries.AlertsAsync(corp.Tenant, null, CancellationToken.None);
        Assert.Contains(alerts.Alerts, a => a.Kind == StaffAlertKind.QualificationExpiring && a.DueOn == queries.Today.AddDays(25));
        var costs = await portal.Services.GetRequiredService<ITrainingCosts>().CostsAsync(corp.Tenant, Hidamari.Portal.Infrastructure.JapaneseDates.FiscalYearOf(queries.Today), CancellationToken.None);
        Assert.True(costs.TotalBudget > 0);
    }
}
