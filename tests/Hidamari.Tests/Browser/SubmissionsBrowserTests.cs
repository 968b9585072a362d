using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Submissions")]
public sealed class SubmissionsBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private Task<IPage> AsAsync(TenantInfo tenant, string role, string path, string testId) =>
        browser.OpenAsAsync(portal, tenant, role, path, testId);

    [Fact]
    public async Task A_corporation_submits_the_ward_returns_it_with_a_comment_the_corporation_resubmits_and_the_ward_accepts()
    {
        var ct = TestContext.Current.CancellationToken;
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        await PlanAsync(portal, corporation, "福音寮", Fukuinryo);

        // The manager submits the plan; delivery marks it 受付済み.
        var page = await AsAsync(corporation, "manager", $"/t/{corporation.Id}/submissions", "submissions-page");
        await page.GetByTestId("submit-plan").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sent-status").First).ToContainTextAsync("受付済み");

        // The reviewer comments on the 令和6年度 line and returns it.
        page = await AsAsync(ward, "reviewer", $"/t/{ward.Id}/review", "review-page");
        await page.GetByTestId("queue-open").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "Unconfirmed");
        await page.GetByTestId("assign-me").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "InReview");
        await page.GetByTestId("comment-line").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "2024", Exact = true }).ClickAsync();
        await page.GetByTestId("comment-text").FillAsync("GHをもう1か所増やせませんか。");
        await page.GetByTestId("comment-add").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='review-line'][data-key='2024']")).ToContainTextAsync("GHをもう1か所増やせませんか。");
        await page.GetByTestId("return-reasons").FillAsync("令和6年度を見直してください。");
        await page.GetByTestId("return").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "Returned");

        // The corporation sees 差し戻し with the comment, corrects the plan and submits version 2.
        page = await AsAsync(corporation, "manager", $"/t/{corporation.Id}/submissions", "submissions-page");
        var first = page.Locator("[data-testid='sent-row'][data-version='1']");
        await Assertions.Expect(first.GetByTestId("sent-status")).ToContainTextAsync("差し戻し");
        await Assertions.Expect(first.GetByTestId("sent-comments")).ToContainTextAsync("GHをもう1か所増やせませんか。");
        var plan = await portal.Services.GetRequiredService<PlanQueries>().PlanAsync(corporation, ct);
        await portal.Services.GetRequiredService<PlanCommands>().SetYearAsync(corporation, "test",
            new SetPlanYear(plan.Years[0].FacilityId, 2024, new PlannedFigures(3, 0, 18, 5, 3, 43)), ct);
        await page.GetByTestId("submit-plan").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='sent-row'][data-version='2']").GetByTestId("sent-status")).ToContainTextAsync("受付済み");

        // The reviewer takes version 2 (the diff shows what changed); an approver accepts it.
        page = await AsAsync(ward, "reviewer", $"/t/{ward.Id}/review", "review-page");
        await page.Locator("[data-testid='queue-row'][data-status='Unconfirmed'] [data-testid='queue-open']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='review-line'][data-key='2024'] [data-testid='line-previous']")).ToContainTextAsync("57");
        await Assertions.Expect(page.Locator("[data-testid='review-line'][data-key='2024'] [data-testid='line-current']")).ToContainTextAsync("61");
        await page.GetByTestId("assign-me").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "InReview");
        var detail = page.Url;

        page = await AsAsync(ward, "approver", new Uri(detail).AbsolutePath, "review-page");
        await page.GetByTestId("accept").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-status")).ToHaveAttributeAsync("data-status", "Accepted");

        page = await AsAsync(corporation, "manager", $"/t/{corporation.Id}/submissions", "submissions-page");
        await Assertions.Expect(page.Locator("[data-testid='sent-row'][data-version='2']").GetByTestId("sent-status")).ToContainTextAsync("受理");
    }
}
