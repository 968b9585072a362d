using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// Demo of drafting from recorded data (issue 9): 東京育成園 records the equipment bought for the two group homes it
/// opened in 令和4年度 (seed 003: 備品購入費 16,000千円 for two homes; the second home came in 100千円 under), and
/// planned purchases of this year (one for 環境改善); Setagaya publishes a staff-development programme for this fiscal year from the national
/// template, and 東京育成園 drafts its application from its training plan (基幹的職員研修 and external courses), submits it
/// and the ward takes it up. Through the same commands as the API; each part runs once.
/// </summary>
public sealed class GrantRecordsDemoData(
    TenantRegistry registry, PurchaseCommands purchases, PurchaseQueries lists, GrantCommands commands, GrantQueries queries, SubmissionDelivery delivery,
    TimeProvider clock, ILogger<GrantRecordsDemoData> logger)
{
    public const string ProgrammeKey = "setagaya-staff-development";

    private static readonly (string Item, int Quantity, long UnitPrice)[] OpeningSet =
    [
        ("居室の家具・寝具一式", 4, 450_000), ("冷蔵庫", 1, 300_000), ("洗濯機・乾燥機", 1, 400_000), ("エアコン", 5, 200_000),
        ("食器・調理器具一式", 1, 500_000), ("学習机・椅子", 4, 150_000), ("ダイニングセット", 1, 400_000), ("防犯・防災設備", 1, 1_000_000),
        ("カーテン・照明", 1, 800_000), ("家電（テレビ・掃除機等）", 1, 1_200_000),
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        if (await registry.FindAsync(DemoDataSeeder.Setagaya, ct) is not { Status: TenantStatus.Active } ward) return;
        if (await registry.FindAsync(DemoDataSeeder.TokyoIkuseien, ct) is not { Status: TenantStatus.Active } corporation) return;
        var manager = DemoPeople.Email("manager", corporation.Id);
        await EquipmentAsync(corporation, manager, ct);
        await StaffDevelopmentAsync(ward, corporation, manager, ct);
    }

    private async Task EquipmentAsync(TenantInfo corporation, string manager, CancellationToken ct)
    {
        var homes = await lists.ListsAsync(corporation, ct);
        if (homes.Any(h => h.Lines.Count > 0)) return;
        // Seed 003's two homes of 令和4年度 are GH 5 and 6 of the demo (opened 2022-10-01 and 2023-01-10).
        foreach (var (name, boughtOn, airConditioner) in new[] { ("東京育成園グループホーム5", new DateOnly(2022, 9, 20), 200_000L), ("東京育成園グループホーム6", new DateOnly(2022, 12, 15), 180_000L) })
        {
            if (homes.FirstOrDefault(h => h.GroupHomeName == name) is not { } home) continue;
            foreach (var (item, quantity, unitPrice) in OpeningSet)
                await Ok(purchases.RecordAsync(corporation, manager, new RecordEquipmentPurchase(home.GroupHomeId, item, quantity,
                    item == "エアコン" ? airConditioner : unitPrice, boughtOn, true, "世田谷家具センター"), ct));
        }
        // A purchase still planned this year, so that the list shows both states; and a 環境改善 line, which a draft from
        // records turns into 環境改善費 (under a 多機能化・環境改善 programme) rather than 備品購入費.
        if (homes.FirstOrDefault(h => h.GroupHomeName == "東京育成園グループホーム9") is { } later)
        {
            var plannedOn = JapaneseDates.FiscalYearEnd(JapaneseDates.FiscalYearOf(Today())).AddMonths(-2);
            await Ok(purchases.RecordAsync(corporation, manager, new RecordEquipmentPurchase(later.GroupHomeId, "エアコン（更新）", 2, 200_000,
                plannedOn, false, "世田谷家具センター"), ct));
            await Ok(purchases.RecordAsync(corporation, manager, new RecordEquipmentPurchase(later.GroupHomeId, "居室の防音パネル・遮光カーテン", 4, 120_000,
                plannedOn, false, "世田谷家具センター", Purpose: nameof(EquipmentPurpose.EnvironmentImprovement)), ct));
        }
    }

    private async Task StaffDevelopmentAsync(TenantInfo ward, TenantInfo corporation, string manager, CancellationToken ct)
    {
        if ((await queries.ProgrammesAsync(ward.Jurisdiction, false, ct)).Any(p => p.Key == ProgrammeKey)) return;
        await commands.EnsureTemplatesAsync(ct);
        var (reviewer, approver) = (DemoPeople.Email("reviewer", ward.Id), DemoPeople.Email("approver", ward.Id));
        var fiscalYear = JapaneseDates.FiscalYearOf(Today());
        var published = await commands.PublishProgrammeAsync(ward, approver, new PublishProgramme(ProgrammeKey, fiscalYear,
            $"世田谷区 職員研修・スーパービジョン支援事業（{JapaneseDates.FiscalYearLabel(fiscalYear)}）",
            "児童虐待・DV対策等総合支援事業費国庫補助金（職員の資質向上、国1/2）／資料003 区の支援策", null, 3_000_000,
            Today().AddDays(90), JapaneseDates.FiscalYearEnd(fiscalYear).AddDays(30), ProgrammeTemplates.StaffDevelopmentId), ct);
        if (!published.Succeeded) { logger.LogWarning("Demo staff-development programme not published: {Message}", published.Message); return; }

        var draft = await commands.StartDraftAsync(corporation, manager, new StartDraft(published.Value,
            $"{JapaneseDates.FiscalYearLabel(fiscalYear)} 基幹的職員研修・外部研修の受講", "東京育成園（全グループホーム）", 1, null, FromRecords: true), ct);
        if (!draft.Succeeded) { logger.LogWarning("Demo staff-development draft refused: {Message}", draft.Message); return; }
        var sent = await commands.SubmitAsync(corporation, manager, draft.Value, ct);
        if (!sent.Succeeded) { logger.LogWarning("Demo staff-development application not submitted: {Message}", sent.Message); return; }
        for (var i = 0; i < 50 && await delivery.RunOnceAsync(ct) is null; i++) await Task.Delay(200, ct);
        await commands.AssignAsync(ward, reviewer, draft.Value, new AssignGrantReviewer(reviewer), ct);
        for (var i = 0; i < 50 && await delivery.RunOnceAsync(ct) is null; i++) await Task.Delay(200, ct);
    }

    private DateOnly Today() => DateOnly.FromDateTime(clock.GetLocalNow().DateTime);

    private async Task Ok(Task<CommandResult<Guid>> command)
    {
        var result = await command;
        if (!result.Succeeded) logger.LogWarning("Demo equipment purchase refused: {Message} {Errors}", result.Message, string.Join(" ", result.Errors.SelectMany(e => e.Value)));
    }
}
