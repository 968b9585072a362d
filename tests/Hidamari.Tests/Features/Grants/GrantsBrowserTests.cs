using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Grants;

/// One application from draft to 額の確定 through the pages of both tenants, with the timeline on both sides.
[Trait("Category", "Browser")]
[Trait("Category", "Grants")]
public sealed class GrantsBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly byte[] Quote = [.. Leases.DocumentTypesTests.Pdf, .. "% 備品見積書\n"u8.ToArray()];

    private Task<IPage> AsAsync(TenantInfo tenant, string role, string path, string testId) =>
        browser.OpenAsAsync(portal, tenant, role, path, testId);

    private static Task StatusAsync(IPage page, string testId, string status) =>
        Assertions.Expect(page.GetByTestId(testId)).ToHaveAttributeAsync("data-status", status, new() { Timeout = 60_000 });

    [Fact]
    public async Task Draft_submit_return_resubmit_decide_report_and_fix_through_both_tenants()
    {
        var ct = TestContext.Current.CancellationToken;
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var published = await portal.Services.GetRequiredService<GrantCommands>().PublishProgrammeAsync(ward, Identities.EmailFor(ward, "approver"),
            new PublishProgramme("gh-opening", 2022, "GH開設支援（令和4年度）", "国庫補助1/2", null, 40_000_000, new DateOnly(2099, 3, 31), new DateOnly(2099, 6, 30),
                ProgrammeTemplates.GroupHomeOpeningId), ct);
        Assert.True(published.Succeeded, published.Message);
        var (manager, reviewer, approver) = (Identities.EmailFor(corporation, "manager"), Identities.EmailFor(ward, "reviewer"), Identities.EmailFor(ward, "approver"));

        // The manager drafts: every change is saved at once, the engine shows 国庫 8,000,000 on 16,000,000 of equipment.
        var page = await AsAsync(corporation, "manager", $"/t/{corporation.Id}/grants", "grants-page");
        await page.GetByTestId("new-title").FillAsync("令和4年度 GH2か所の開設");
        await page.GetByTestId("new-grouphome").FillAsync("新GH（上馬・野沢）");
        await page.GetByTestId("new-homes").FillAsync("2");
        await page.GetByTestId("grant-new").ClickAsync();
        await page.WaitForInteractiveAsync("grant-application-page");
        var applicationPath = new Uri(page.Url).AbsolutePath;
        var id = applicationPath.Split('/')[^1];
        await page.GetByTestId("item-add").ClickAsync();
        await page.GetByTestId("item-yen").FillAsync("16000000");
        await page.GetByTestId("item-yen").PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid='preview-figures'] [data-testid='total-national']")).ToHaveTextAsync("8,000,000");
        await Assertions.Expect(page.GetByTestId("figures-citation").First).ToContainTextAsync("第1版");
        await page.GetByTestId("grant-submit").ClickAsync();
        await StatusAsync(page, "grant-status", "Submitted");

        // The reviewer takes it up and returns it with reasons.
        page = await AsAsync(ward, "reviewer", $"/t/{ward.Id}/grants/{id}", "grant-case-page");
        await StatusAsync(page, "case-status", "Submitted");
        await page.GetByTestId("assign-me").ClickAsync();
        await StatusAsync(page, "case-status", "InReview");
        await page.GetByTestId("return-reasons").FillAsync("備品の見積書を添付してください。");
        await page.GetByTestId("return").ClickAsync();
        await StatusAsync(page, "case-status", "Returned");

        // The manager sees 差し戻し, uploads the quote (a file the page refuses first: an executable named .pdf) and resubmits.
        page = await AsAsync(corporation, "manager", applicationPath, "grant-application-page");
        await StatusAsync(page, "grant-status", "Returned");
        await Assertions.Expect(page.GetByTestId("return-reasons")).ToContainTextAsync("備品の見積書を添付してください。");
        await page.GetByTestId("grant-file-input").SetInputFilesAsync(new FilePayload { Name = "備品見積書.pdf", MimeType = "application/pdf", Buffer = Leases.DocumentTypesTests.Executable });
        await Assertions.Expect(page.GetByTestId("grant-file-error")).ToContainTextAsync("PDF・PNG・JPEG");
        await Assertions.Expect(page.GetByTestId("grant-file")).ToHaveCountAsync(0);
        await page.GetByTestId("grant-file-description").FillAsync("備品購入の見積書");
        await page.GetByTestId("grant-file-input").SetInputFilesAsync(new FilePayload { Name = "備品見積書.pdf", MimeType = "application/pdf", Buffer = Quote });
        await Assertions.Expect(page.GetByTestId("grant-file")).ToContainTextAsync("備品見積書.pdf");
        await Assertions.Expect(page.GetByTestId("grant-file")).ToContainTextAsync("備品購入の見積書");
        await Assertions.Expect(page.GetByTestId("grant-file-error")).ToHaveCountAsync(0);
        await page.GetByTestId("grant-submit").ClickAsync();
        await StatusAsync(page, "grant-status", "Submitted");
        await Assertions.Expect(page.GetByTestId("grant-file-input")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("grant-file-remove")).ToHaveCountAsync(0);

        // The reviewer takes version 2 up, with the quote to open (the same bytes); an approver (not the reviewer) decides.
        page = await AsAsync(ward, "reviewer", $"/t/{ward.Id}/grants/{id}", "grant-case-page");
        await StatusAsync(page, "case-status", "Submitted");
        await Assertions.Expect(page.GetByTestId("case-file")).ToContainTextAsync("備品見積書.pdf");
        var href = await page.GetByTestId("case-file-link").GetAttributeAsync("href");
        Assert.StartsWith($"/api/t/{ward.Id}/grants/cases/{id}/files/", href, StringComparison.Ordinal);
        var download = await page.Context.APIRequest.GetAsync(new Uri(new Uri(page.Url), href).ToString());
        Assert.Equal(200, download.Status);
        Assert.Equal(Quote, await download.BodyAsync());
        await page.GetByTestId("assign-me").ClickAsync();
        await StatusAsync(page, "case-status", "InReview");
        page = await AsAsync(ward, "approver", $"/t/{ward.Id}/grants/{id}", "grant-case-page");
        await page.GetByTestId("decide-conditions").FillAsync("実績報告は年度終了後30日以内");
        await page.GetByTestId("decide").ClickAsync();
        await StatusAsync(page, "case-status", "Decided");
        await Assertions.Expect(page.Locator("[data-testid='decided-figures'] [data-testid='total-national']")).ToHaveTextAsync("8,000,000");

        // The manager attaches the receipt and reports actual costs below the decision.
        page = await AsAsync(corporation, "manager", applicationPath, "grant-application-page");
        await StatusAsync(page, "grant-status", "Decided");
        await page.GetByTestId("receipt-file-description").FillAsync("備品の領収書");
        await page.GetByTestId("receipt-file-input").SetInputFilesAsync(new FilePayload { Name = "領収書.jpg", MimeType = "image/jpeg", Buffer = Leases.DocumentTypesTests.Jpeg });
        await Assertions.Expect(page.GetByTestId("receipt-file")).ToContainTextAsync("領収書.jpg");
        await page.GetByTestId("actual-yen").FillAsync("15200000");
        await page.GetByTestId("actual-yen").PressAsync("Tab");
        await page.GetByTestId("grant-report").ClickAsync();
        await StatusAsync(page, "grant-status", "Reported");

        // Review of the report, then 額の確定 by the approver: 15,200,000, excess 800,000.
        page = await AsAsync(ward, "reviewer", $"/t/{ward.Id}/grants/{id}", "grant-case-page");
        await StatusAsync(page, "case-status", "Reported");
        await Assertions.Expect(page.GetByTestId("case-receipt")).ToContainTextAsync("領収書.jpg");
        await Assertions.Expect(page.GetByTestId("case-receipt")).ToContainTextAsync("備品の領収書");
        await page.GetByTestId("assign-me").ClickAsync();
        await Assertions.Expect(page.GetByTestId("case-status")).ToContainTextAsync(reviewer);
        page = await AsAsync(ward, "approver", $"/t/{ward.Id}/grants/{id}", "grant-case-page");
        await page.GetByTestId("fix").ClickAsync();
        await StatusAsync(page, "case-status", "Fixed");
        await Assertions.Expect(page.GetByTestId("excess")).ToContainTextAsync("800,000");

        string[] steps = ["Sent.GrantApplication", "Assigned", "Returned.GrantApplication", "Sent.GrantApplication", "Assigned", "Decided", "Sent.GrantReport", "Assigned", "Fixed"];
        string[] by = [manager, reviewer, reviewer, manager, reviewer, approver, manager, reviewer, approver];
        var wardSteps = page.GetByTestId("timeline-entry");
        await Assertions.Expect(wardSteps).ToHaveCountAsync(steps.Length);
        for (var i = 0; i < steps.Length; i++)
        {
            await Assertions.Expect(wardSteps.Nth(i)).ToHaveAttributeAsync("data-what", steps[i].Replace("Sent.", "Received.", StringComparison.Ordinal));
            await Assertions.Expect(wardSteps.Nth(i).GetByTestId("timeline-by")).ToHaveTextAsync(by[i]);
            await Assertions.Expect(wardSteps.Nth(i)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"));
        }

        page = await AsAsync(corporation, "manager", applicationPath, "grant-application-page");
        await StatusAsync(page, "grant-status", "Fixed");
        await Assertions.Expect(page.Locator("[data-testid='fixed-figures'] [data-testid='total-grant']")).ToHaveTextAsync("15,200,000");
        // The corporation's timeline also holds its own file steps (attached, with person and date).
        string[] corpSteps = ["Drafted", .. steps[..3], "FileAttached.Application", .. steps[3..6], "FileAttached.Report", .. steps[6..]];
        string[] corpBy = [manager, .. by[..3], manager, .. by[3..6], manager, .. by[6..]];
        var corpEntries = page.GetByTestId("timeline-entry");
        await Assertions.Expect(corpEntries).ToHaveCountAsync(corpSteps.Length);
        for (var i = 0; i < corpSteps.Length; i++)
        {
            await Assertions.Expect(corpEntries.Nth(i)).ToHaveAttributeAsync("data-what", corpSteps[i]);
            await Assertions.Expect(corpEntries.Nth(i).GetByTestId("timeline-by")).ToHaveTextAsync(corpBy[i]);
        }
        await Assertions.Expect(page.GetByTestId("receipt-file")).ToContainTextAsync("領収書.jpg");
        await Assertions.Expect(page.GetByTestId("receipt-file-remove")).ToHaveCountAsync(0);
    }
}
