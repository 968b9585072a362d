using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Submissions;

/// With the demo data, the ward's dashboard shows seed 003's targets and the plans' 令和6年度 shortfall on first start.
[Trait("Category", "Submissions")]
public sealed class SetagayaDemoTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task The_demo_ward_shows_its_targets_the_accepted_plans_and_the_shortfall_of_2_in_reiwa_6()
    {
        var ct = TestContext.Current.CancellationToken;
        var ward = await portal.TenantAsync(DemoDataSeeder.Setagaya);

        var progress = (await (await portal.ClientFor(ward, "approver").GetAsync($"/api/t/{ward.Id}/progress", ct)).ReadAsync<WardProgress>(ct))!;

        var years = progress.Years.Where(y => y.FiscalYear is >= 2021 and <= 2024).ToList();
        Assert.Equal([52.7m, 53.6m, 56.3m, 68.1m], years.Select(y => y.Target!.GroupHomeShare));
        Assert.Equal([110, 112, 112, 111], years.Select(y => y.Planned!.TotalCapacity));
        Assert.Equal([false, false, false, true], years.Select(y => y.PlansFallShort));
        Assert.Equal(2, years[3].Shortfall);
        Assert.Equal([110, 112, 112, 111], years.Select(y => y.Actual!.TotalCapacity));   // the demo's actuals follow the plans
        Assert.Equal(2, years[3].Corporations.Count);
    }
}
