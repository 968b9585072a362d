using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// Demo: Setagaya publishes its 令和4年度 GH opening programme from the national template (seed 003: 備品購入費 16,000千円
/// for two homes, 国庫補助 1/2), 東京育成園 applies for two homes, the ward reviews and decides it, so the application
/// waits for its 実績報告; a second application of 福音寮 stays in review. Through the same commands and delivery as the
/// API; runs once (while the ward has no programme of that key). The programme stays open for a while from the day it
/// is seeded, so that the demo can file new applications.
/// </summary>
public sealed class GrantDemoData(
    TenantRegistry registry, GrantCommands commands, GrantQueries queries, SubmissionDelivery delivery, TimeProvider clock, ILogger<GrantDemoData> logger)
{
    public const string ProgrammeKey = "setagaya-gh-opening";

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await registry.FindAsync(DemoDataSeeder.Setagaya, ct) is not { Status: TenantStatus.Active } ward) return;
        if ((await queries.ProgrammesAsync(ward.Jurisdiction, false, ct)).Any(p => p.Key == ProgrammeKey)) return;
        await commands.EnsureTemplatesAsync(ct);
        var (reviewer, approver) = (DemoPeople.Email("reviewer", ward.Id), DemoPeople.Email("approver", ward.Id));
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var published = await commands.PublishProgrammeAsync(ward, approver, new PublishProgramme(ProgrammeKey, 2022,
            "世田谷区 地域小規模児童養護施設等開設支援事業（令和4年度）", "児童虐待・DV対策等総合支援事業費国庫補助金（補助率1/2）／資料003", null, 40_000_000,
            today.AddDays(90), today.AddDays(400), ProgrammeTemplates.GroupHomeOpeningId), ct);
        if (!published.Succeeded) { logger.LogWarning("Demo grant programme not published: {Message}", published.Message); return; }

        var decided = await ApplyAsync(DemoDataSeeder.TokyoIkuseien, published.Value, "令和4年度 グループホーム2か所の開設", "新GH（上馬・野沢）", 2,
            [
                new("equipment", OpeningCostKind.Equipment, "グループホーム開設にかかる備品購入費（2か所）", 16_000_000),
                new("key-money", OpeningCostKind.InitialLease, "施設借り上げのための礼金、仲介手数料等（2か所）", 3_974_000),
            ], ct);
        var inReview = await ApplyAsync(DemoDataSeeder.Fukuinryo, published.Value, "令和4年度 グループホーム1か所の開設", "新GH（松原）", 1,
            [new("equipment", OpeningCostKind.Equipment, "グループホーム開設にかかる備品購入費", 7_500_000)], ct);
        await DeliverAsync(ct);
        foreach (var id in new[] { decided, inReview }.OfType<Guid>())
            await commands.AssignAsync(ward, reviewer, id, new AssignGrantReviewer(reviewer), ct);
        if (decided is { } d)
        {
            await commands.CommentAsync(ward, reviewer, d, new CommentGrant("equipment", "備品の見積書を確認しました。"), ct);
            var decision = await commands.DecideAsync(ward, approver, d, new DecideGrant(null, "実績報告は年度終了後30日以内に提出すること。"), ct);
            if (!decision.Succeeded) logger.LogWarning("Demo grant not decided: {Message}", decision.Message);
        }
        await DeliverAsync(ct);
    }

    private async Task<Guid?> ApplyAsync(string corporationId, Guid programme, string title, string groupHome, int homes, IReadOnlyList<GrantItem> items, CancellationToken ct)
    {
        if (await registry.FindAsync(corporationId, ct) is not { Status: TenantStatus.Active } corporation) return null;
        var manager = DemoPeople.Email("manager", corporation.Id);
        var draft = await commands.StartDraftAsync(corporation, manager, new StartDraft(programme, title, groupHome, homes, items), ct);
        if (!draft.Succeeded) { logger.LogWarning("Demo grant draft refused: {Message}", draft.Message); return null; }
        await commands.EditDraftAsync(corporation, manager, draft.Value, new EditDraft(title, groupHome, homes, items,
            [new GrantAttachment("備品見積書.pdf", "備品購入の見積書"), new GrantAttachment("賃貸借契約書.pdf", "GH家屋の賃貸借契約")]), ct);
        var sent = await commands.SubmitAsync(corporation, manager, draft.Value, ct);
        if (!sent.Succeeded) logger.LogWarning("Demo grant not submitted: {Message}", sent.Message);
        return sent.Succeeded ? draft.Value : null;
    }

    /// The background deliverer may hold the lock; then it delivers, and this pass waits for it.
    private async Task DeliverAsync(CancellationToken ct)
    {
        for (var i = 0; i < 50 && await delivery.RunOnceAsync(ct) is null; i++) await Task.Delay(200, ct);
    }
}
