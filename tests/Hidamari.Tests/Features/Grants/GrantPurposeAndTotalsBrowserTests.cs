using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Grants;

/// <summary>The pages people click: the purpose (用途) of equipment chosen and changed on the equipment page and drafted
/// as 多機能化・環境改善 items, the files card's remaining allowance, and the finance home card of the chosen 年度.</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Grants")]
public sealed class GrantPurposeAndTotalsBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private T Service<T>() where T : notnull => portal.Services.GetRequiredService<T>();

    private async Task<Guid> PublishAsync(TenantInfo ward, string key, int fiscalYear, Guid template)
    {
        var published = await Service<GrantCommands>().PublishProgrammeAsync(ward, Identities.EmailFor(ward, "approver"),
            new PublishProgramme(key, fiscalYear, $"{key}（{JapaneseDates.FiscalYearLabel(fiscalYear)}）", "国庫補助", null, 40_000_000,
                new DateOnly(2099, 3, 31), new DateOnly(2099, 6, 30), template), Ct);
        Assert.True(published.Succeeded, published.Message);
        return published.Value;
    }

    [Fact]
    public async Task A_purpose_chosen_and_changed_on_the_equipment_page_drafts_multifunction_and_environment_items_and_the_files_card_shows_what_is_left()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var manager = Identities.EmailFor(corporation, "manager");
        var facilities = Service<FacilityCommands>();
        var facility = await facilities.RegisterAsync(corporation, manager, new RegisterFacility(FacilityKind.ChildrensHome, "東京育成園", "東京都世田谷区上馬", 29, new(2021, 4, 1)), Ct);
        Assert.True((await facilities.OpenGroupHomeAsync(corporation, manager, facility.Value,
            new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "上馬ホーム", 4, new(2022, 6, 1)), Ct)).Succeeded);
        var programme = await PublishAsync(ward, "multifunction-environment", 2022, ProgrammeTemplates.MultifunctionEnvironmentId);
        var draft = await Service<GrantCommands>().StartDraftAsync(corporation, manager, new StartDraft(programme, "上馬ホームの環境改善", "上馬ホーム", 1), Ct);
        Assert.True(draft.Succeeded, draft.Message);

        // A line recorded for 環境改善, and a general one whose purpose is changed to 多機能化 on its row.
        var page = await browser.OpenAsAsync(portal, corporation, "manager", $"/t/{corporation.Id}/grants/equipment", "equipment-page");
        await Assertions.Expect(page.GetByTestId("equipment-purpose").Locator("option")).ToHaveTextAsync(["一般備品（備品購入費）", "多機能化", "環境改善"]);
        async Task RecordAsync(string item, string unitPrice, string? purpose)
        {
            await page.GetByTestId("equipment-item").FillAsync(item);
            await page.GetByTestId("equipment-quantity").FillAsync("2");
            await page.GetByTestId("equipment-unit-price").FillAsync(unitPrice);
            await page.GetByTestId("equipment-date").FillAsync("2022-09-01");
            if (purpose is not null) await page.GetByTestId("equipment-purpose").SelectOptionAsync(purpose);
            await page.GetByTestId("equipment-add").ClickAsync();
            await Assertions.Expect(page.Locator($"[data-testid='equipment-line'][data-item='{item}']")).ToHaveCountAsync(1);
        }
        await RecordAsync("防音パネル", "120000", "EnvironmentImprovement");
        await Assertions.Expect(page.Locator("[data-testid='equipment-line'][data-item='防音パネル']")).ToHaveAttributeAsync("data-purpose", "EnvironmentImprovement");
        await RecordAsync("面会室の家具", "250000", null);
        var furniture = page.Locator("[data-testid='equipment-line'][data-item='面会室の家具']");
        await Assertions.Expect(furniture).ToHaveAttributeAsync("data-purpose", "General");
        await furniture.GetByTestId("equipment-line-purpose").SelectOptionAsync("MultifunctionConversion");
        await Assertions.Expect(furniture).ToHaveAttributeAsync("data-purpose", "MultifunctionConversion");
        await Assertions.Expect(page.GetByTestId("equipment-error")).ToHaveCountAsync(0);

        // The application drafts them as their own cost kinds, each with the equipment list as its source.
        page = await browser.OpenAsAsync(portal, corporation, "manager", $"/t/{corporation.Id}/grants/{draft.Value}", "grant-application-page");
        await page.GetByTestId("draft-from-records").ClickAsync();
        await Assertions.Expect(page.GetByTestId("proposal-item")).ToHaveCountAsync(2);
        var environment = page.Locator("[data-testid='proposal-item'][data-kind='EnvironmentImprovement']");
        await Assertions.Expect(environment).ToHaveAttributeAsync("data-source", "equipment:上馬ホーム");
        await Assertions.Expect(environment).ToContainTextAsync("環境改善費");
        await Assertions.Expect(page.Locator("[data-testid='proposal-item'][data-kind='MultifunctionConversion']")).ToContainTextAsync("equipment:上馬ホーム");
        await page.GetByTestId("proposal-adopt").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='draft-item'][data-key='environment-1'] [data-testid='item-yen']")).ToHaveValueAsync("240000");
        // The draft is autosaved after the page shows the items.
        var saved = await Service<GrantQueries>().ApplicationAsync(corporation, draft.Value, Ct);
        for (var i = 0; i < 100 && saved!.Items.Count == 0; i++)
        {
            await Task.Delay(100, Ct);
            saved = await Service<GrantQueries>().ApplicationAsync(corporation, draft.Value, Ct);
        }
        Assert.Equal([(OpeningCostKind.MultifunctionConversion, 500_000L), (OpeningCostKind.EnvironmentImprovement, 240_000L)], saved!.Items.Select(i => (i.Kind, i.Yen)));

        // The files card says how much may still be attached, and less once a file is.
        var remaining = page.GetByTestId("grant-file-remaining");
        await Assertions.Expect(remaining).ToHaveAttributeAsync("data-value", AttachingGrantFile.MaxTotalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(remaining).ToContainTextAsync("あと 50.0 MB");
        var quote = Leases.DocumentTypesTests.Pdf;
        await page.GetByTestId("grant-file-input").SetInputFilesAsync(new FilePayload { Name = "見積書.pdf", MimeType = "application/pdf", Buffer = quote });
        await Assertions.Expect(page.GetByTestId("grant-file")).ToHaveCountAsync(1);
        await Assertions.Expect(remaining).ToHaveAttributeAsync("data-value", (AttachingGrantFile.MaxTotalBytes - quote.Length).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_finance_home_card_shows_the_grant_amounts_of_the_chosen_fiscal_year()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var commands = Service<GrantCommands>();
        var (manager, reviewer, approver) = (Identities.EmailFor(corporation, "manager"), Identities.EmailFor(ward, "reviewer"), Identities.EmailFor(ward, "approver"));
        var ids = new List<Guid>();
        foreach (var (year, yen) in new[] { (2022, 6_000_000L), (2023, 4_000_000L) })
        {
            var programme = await PublishAsync(ward, $"gh-opening-{year}", year, ProgrammeTemplates.GroupHomeOpeningId);
            var draft = await commands.StartDraftAsync(corporation, manager, new StartDraft(programme, $"GHの開設（{year}）", "新GH", 1,
                [new GrantItem("equipment", OpeningCostKind.Equipment, "備品購入費", yen)]), Ct);
            Assert.True(draft.Succeeded, draft.Message);
            Assert.True((await commands.SubmitAsync(corporation, manager, draft.Value, Ct)).Succeeded);
            ids.Add(draft.Value);
        }
        var delivery = Service<SubmissionDelivery>();
        async Task<IReadOnlyList<GrantApplication>> UntilAsync(Func<IReadOnlyList<GrantApplication>, bool> done)
        {
            for (var i = 0; i < 100; i++)
            {
                await delivery.RunOnceAsync(Ct);
                var applications = await Service<GrantQueries>().ApplicationsAsync(corporation, Ct);
                if (done(applications)) return applications;
                await Task.Delay(100, Ct);
            }
            Assert.Fail("the delivery did not arrive in time");
            return [];
        }
        await UntilAsync(a => a.Count(x => ids.Contains(x.Id) && x.Status == GrantStatus.Submitted) == 2);
        foreach (var id in ids)
        {
            for (var i = 0; i < 100 && await Service<GrantQueries>().CaseAsync(ward, id, Ct) is null; i++) await Task.Delay(100, Ct);
            Assert.True((await commands.AssignAsync(ward, reviewer, id, new AssignGrantReviewer(reviewer), Ct)).Succeeded);
            Assert.True((await commands.DecideAsync(ward, approver, id, new DecideGrant(), Ct)).Succeeded);
        }
        var decided = await UntilAsync(a => a.Count(x => ids.Contains(x.Id) && x.Status == GrantStatus.Decided) == 2);

        var page = await browser.OpenAsAsync(portal, corporation, "finance", $"/t/{corporation.Id}?fy=2022", "tenant-home");
        foreach (var (year, id) in new[] { (2022, ids[0]), (2023, ids[1]) })
        {
            if (year != 2022)
            {
                await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{corporation.Id}?fy={year}").ToString());
                await page.WaitForInteractiveAsync("tenant-home");
            }
            await Assertions.Expect(page.Locator("#card-grant-amounts-title")).ToContainTextAsync(JapaneseDates.FiscalYearLabel(year));
            await Assertions.Expect(page.GetByTestId("card-grant-amounts-decided")).ToHaveAttributeAsync("data-value",
                decided.Single(a => a.Id == id).Decided!.GrantYen.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{corporation.Id}?fy=2024").ToString());
        await page.WaitForInteractiveAsync("tenant-home");
        await Assertions.Expect(page.GetByTestId("card-grant-amounts-decided")).ToHaveAttributeAsync("data-value", "0");
        await Assertions.Expect(page.GetByTestId("card-grant-amounts")).ToContainTextAsync("この年度の補助事業への申請はまだありません。");
    }
}
