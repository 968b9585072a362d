using System.Net;
using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Notifications;

/// The bell counts a decision the moment it reaches the corporation, without a reload, and marking it read clears it.
[Trait("Category", "Submissions")]
[Trait("Category", "Browser")]
public sealed class NotificationBellBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_returned_submission_lights_the_bell_live_and_marking_it_read_clears_it()
    {
        var world = await NotificationWorld.CreateAsync(portal);
        var page = await browser.NewPageAsync();
        await portal.SignInAsync(page, world.Corporation, "manager");
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{world.Corporation.Id}/notifications").ToString());
        await page.WaitForInteractiveAsync("notifications-page");
        await Assertions.Expect(page.GetByTestId("notifications-empty")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveCountAsync(0);

        // The background deliverer carries the submission to the ward and the decision back.
        var id = await SubmitPlanAsync(world.Corp("manager"), world.Corporation);
        var api = $"/api/t/{world.Ward.Id}/review/submissions/{id}";
        var reviewer = world.Municipal("reviewer");
        for (var i = 0; i < 100 && (await reviewer.GetAsync(api, Ct)).StatusCode != HttpStatusCode.OK; i++) await Task.Delay(200, Ct);
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/return", new { reasons = "定員の根拠を添えてください。" }));

        await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("notification-row")).ToContainTextAsync("定員の根拠を添えてください。");
        await Assertions.Expect(page.GetByTestId("notification-bell")).ToHaveAttributeAsync("aria-label", "通知（未読 1 件）");

        await page.GetByTestId("notification-mark-read").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("notification-row")).ToHaveAttributeAsync("data-read", "true");
        await page.CloseAsync();
    }
}
