using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Standards;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Standards;

[Trait("Category", "Standards")]
public sealed class StandardsDemoTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task The_demo_room_with_5_residents_at_3_square_metres_is_flagged_with_the_2011_rules()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);

        var report = await (await portal.ClientFor(tenant).GetAsync($"/api/t/{tenant.Id}/standards/findings?asOf=2025-03-31", ct)).ReadAsync<FindingsReport>(ct);

        var room = report!.Findings.Where(f => f.Where == "ユニット1 居室B").OrderBy(f => f.Rule, StringComparer.Ordinal).ToList();
        Assert.Equal(["ResidentsPerRoom", "RoomArea"], room.Select(f => f.Rule));
        Assert.All(room, f => Assert.Equal(("national-2011", FindingSeverity.Violation, "東京育成園"), (f.RuleVersion, f.Severity, f.Facility)));
        Assert.DoesNotContain(report.Findings, f => f.Where == "ユニット1 居室A");
        // 3 units with a plan, GH all of 4: nothing else to say about 東京育成園 in 令和6年度末.
        Assert.Equal(2, report.Findings.Count);
    }
}
