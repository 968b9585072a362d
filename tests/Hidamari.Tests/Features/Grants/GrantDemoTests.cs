using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Grants;

/// With the demo data, Setagaya has its 令和4年度 programme and 東京育成園's application is decided, 福音寮's in review.
[Trait("Category", "Grants")]
public sealed class GrantDemoTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task The_demo_ward_holds_a_decided_application_of_tokyo_ikuseien_with_the_national_share_of_seed_003()
    {
        var ct = TestContext.Current.CancellationToken;
        var ward = await portal.TenantAsync(DemoDataSeeder.Setagaya);
        var corporation = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var approver = portal.ClientFor(ward, "approver");

        var summaries = (await (await approver.GetAsync($"/api/t/{ward.Id}/grants/programmes/summary", ct)).ReadAsync<List<ProgrammeSummary>>(ct))!;
        var summary = Assert.Single(summaries, s => s.Programme.Key == GrantDemoData.ProgrammeKey);
        Assert.Equal((GrantDemoData.ProgrammeKey, 2022, 2, 1), (summary.Programme.Key, summary.Programme.FiscalYear, summary.Applications, summary.Decided));
        Assert.Equal((19_974_000L, 20_026_000L), (summary.DecidedYen, summary.BudgetLeftYen!.Value));

        var applications = (await (await portal.ClientFor(corporation).GetAsync($"/api/t/{corporation.Id}/grants/applications", ct)).ReadAsync<List<GrantApplication>>(ct))!;
        var decided = Assert.Single(applications, a => a.Programme.Key == GrantDemoData.ProgrammeKey);
        Assert.Equal(GrantStatus.Decided, decided.Status);
        Assert.Equal(8_000_000, decided.Decided!.Line("equipment")!.NationalYen);
        Assert.Equal(1_987_000, decided.Decided.Line("key-money")!.NationalYen);
        Assert.Equal(["Drafted", "FileAttached.Application", "Sent.GrantApplication", "Assigned", "Commented", "Decided"], decided.Timeline.Select(t => t.What));

        // The quote is a real PDF drawn with PDFsharp: the ward downloads the same bytes the corporation stored.
        var quote = Assert.Single(decided.Attachments);
        Assert.Equal(("備品見積書.pdf", "application/pdf"), (quote.Name, quote.ContentType));
        var corpBytes = await (await portal.ClientFor(corporation).GetAsync($"/api/t/{corporation.Id}/grants/applications/{decided.Id}/files/{quote.FileId}", ct)).Content.ReadAsByteArrayAsync(ct);
        var wardBytes = await (await approver.GetAsync($"/api/t/{ward.Id}/grants/cases/{decided.Id}/files/{quote.FileId}", ct)).Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(quote.Sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(wardBytes)));
        Assert.Equal(corpBytes, wardBytes);
        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(wardBytes[..5]));
        Assert.Contains("%%EOF", System.Text.Encoding.ASCII.GetString(wardBytes[^8..]), StringComparison.Ordinal);
        Assert.InRange(wardBytes.Length, 1_000, 200_000);
    }

    [Fact]
    public async Task The_demo_corporation_has_equipment_lists_and_a_staff_development_application_drafted_from_its_training_plan()
    {
        var ct = TestContext.Current.CancellationToken;
        var ward = await portal.TenantAsync(DemoDataSeeder.Setagaya);
        var corporation = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var manager = portal.ClientFor(corporation);

        // Seed 003: 備品購入費 for the two 令和4年度 homes (the second came in 100千円 under); one purchase still planned.
        var lists = (await (await manager.GetAsync($"/api/t/{corporation.Id}/grants/equipment", ct)).ReadAsync<List<GroupHomeEquipment>>(ct))!;
        Assert.Equal([8_000_000L, 7_900_000L], lists.Where(g => g.GroupHomeName is "東京育成園グループホーム5" or "東京育成園グループホーム6").Select(g => g.PurchasedYen));
        Assert.Contains(lists, g => g.PlannedYen > 0);
        // One planned line is for 環境改善: a 多機能化・環境改善 programme drafts it as 環境改善費.
        Assert.Contains(lists.SelectMany(g => g.Lines), l => l is { Purpose: EquipmentPurpose.EnvironmentImprovement, Purchased: false });

        var applications = (await (await manager.GetAsync($"/api/t/{corporation.Id}/grants/applications", ct)).ReadAsync<List<GrantApplication>>(ct))!;
        var training = Assert.Single(applications, a => a.Programme.Key == GrantRecordsDemoData.ProgrammeKey);
        Assert.Equal(GrantStatus.InReview, training.Status);
        Assert.NotEmpty(training.Items);
        Assert.All(training.Items, i => Assert.StartsWith("training:", i.Source, StringComparison.Ordinal));
        Assert.Contains(training.Items, i => i is { Kind: OpeningCostKind.Supervision, Source: "training:基幹的職員研修" });
        Assert.True(training.Requested!.Figures.NationalYen > 0);

        var cases = (await (await portal.ClientFor(ward, "reviewer").GetAsync($"/api/t/{ward.Id}/grants/cases?programme={GrantRecordsDemoData.ProgrammeKey}", ct))
            .ReadAsync<List<GrantCase>>(ct))!;
        Assert.Equal(training.Id, Assert.Single(cases).Id);
    }
}
