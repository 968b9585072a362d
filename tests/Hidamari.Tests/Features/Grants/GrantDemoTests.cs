using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Grants;
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

        var summary = Assert.Single((await (await approver.GetAsync($"/api/t/{ward.Id}/grants/programmes/summary", ct)).ReadAsync<List<ProgrammeSummary>>(ct))!);
        Assert.Equal((GrantDemoData.ProgrammeKey, 2022, 2, 1), (summary.Programme.Key, summary.Programme.FiscalYear, summary.Applications, summary.Decided));
        Assert.Equal((19_974_000L, 20_026_000L), (summary.DecidedYen, summary.BudgetLeftYen!.Value));

        var applications = (await (await portal.ClientFor(corporation).GetAsync($"/api/t/{corporation.Id}/grants/applications", ct)).ReadAsync<List<GrantApplication>>(ct))!;
        var decided = Assert.Single(applications);
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
}
