using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Grants;

/// The manager records equipment on its page, then drafts an application from it on the application page.
[Trait("Category", "Browser")]
[Trait("Category", "Grants")]
public sealed class GrantDraftingBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Equipment_recorded_on_its_page_is_proposed_and_adopted_into_the_draft()
    {
        var ct = TestContext.Current.CancellationToken;
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var manager = Identities.EmailFor(corporation, "manager");
        var facilities = portal.Services.GetRequiredService<FacilityCommands>();
        var facility = await facilities.RegisterAsync(corporation, manager, new RegisterFacility(FacilityKind.ChildrensHome, "東京育成園", "東京都世田谷区上馬", 29, new(2021, 4, 1)), ct);
        Assert.True((await facilities.OpenGroupHomeAsync(corporation, manager, facility.Value,
            new OpenGroupHome(GroupHomeKind.RegionalSmallScale, "上馬ホーム", 4, new(2022, 6, 1)), ct)).Succeeded);
        var commands = portal.Services.GetRequiredService<GrantCommands>();
        var programme = await commands.PublishProgrammeAsync(ward, Identities.EmailFor(ward, "approver"),
            new PublishProgramme("gh-opening", 2022, "GH開設支援（令和4年度）", "国庫補助1/2", null, 40_000_000, new DateOnly(2099, 3, 31), new DateOnly(2099, 6, 30),
                ProgrammeTemplates.GroupHomeOpeningId), ct);
        var draft = await commands.StartDraftAsync(corporation, manager, new StartDraft(programme.Value, "上馬ホームの開設", "上馬ホーム", 1), ct);
        Assert.True(draft.Succeeded, draft.Message);

        var page = await browser.OpenAsAsync(portal, corporation, "manager", $"/t/{corporation.Id}/grants/equipment", "equipment-page");
        await page.GetByTestId("equipment-item").FillAsync("冷蔵庫");
        await page.GetByTestId("equipment-quantity").FillAsync("2");
        await page.GetByTestId("equipment-unit-price").FillAsync("150000");
        await page.GetByTestId("equipment-date").FillAsync("2022-07-01");
        await page.GetByTestId("equipment-vendor").FillAsync("世田谷家具センター");
        await page.GetByTestId("equipment-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("equipment-line-total")).ToHaveTextAsync("300,000");
        await Assertions.Expect(page.GetByTestId("equipment-line")).ToHaveAttributeAsync("data-status", "Planned");

        page = await browser.OpenAsAsync(portal, corporation, "manager", $"/t/{corporation.Id}/grants/{draft.Value}", "grant-application-page");
        await page.GetByTestId("draft-from-records").ClickAsync();
        var proposed = page.Locator("[data-testid='proposal-item'][data-source='equipment:上馬ホーム']");
        await Assertions.Expect(proposed).ToHaveCountAsync(1);
        // The amount can be corrected before it is adopted.
        await proposed.GetByTestId("proposal-yen").FillAsync("280000");
        await page.GetByTestId("proposal-adopt").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='draft-item'][data-key='equipment-1'] [data-testid='item-yen']")).ToHaveValueAsync("280000");
        await Assertions.Expect(page.Locator("[data-testid='preview-figures'] [data-testid='total-national']")).ToHaveTextAsync("140,000");

        var saved = await portal.Services.GetRequiredService<GrantQueries>().ApplicationAsync(corporation, draft.Value, ct);
        var item = Assert.Single(saved!.Items);
        Assert.Equal((280_000L, "equipment:上馬ホーム"), (item.Yen, item.Source));
    }
}
