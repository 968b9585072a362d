using System.Net;
using System.Net.Http.Json;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Notifications;

/// Decisions and new submissions reach the right people of the right tenant, in the portal and by e-mail as each chose.
[Trait("Category", "Submissions")]
public sealed class NotificationDeliveryTests(NotificationPortalFactory portal) : IClassFixture<NotificationPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_returned_submission_notifies_the_corporations_manager_and_finance_in_the_portal_and_by_mail_at_once()
    {
        var world = await NotificationWorld.CreateAsync(portal);
        var id = await world.SubmitAndDeliverAsync();
        await world.ReturnAsync(id, "令和6年度のGH定員を見直してください。");

        var manager = await NotificationWorld.ListAsync(world.Corp("manager"), world.Corporation);
        Assert.Equal(1, manager.Unread);
        var item = Assert.Single(manager.Items);
        Assert.Equal((NotificationKind.SubmissionReturned, NotificationChannel.Immediate, false), (item.Kind, item.Channel, item.Read));
        Assert.Equal("提出が差し戻されました", item.Title);
        Assert.Contains("令和6年度のGH定員を見直してください。", item.Message, StringComparison.Ordinal);
        Assert.Contains("テスト区", item.Message, StringComparison.Ordinal);
        Assert.Equal($"/t/{world.Corporation.Id}/submissions", item.Link);

        var mail = await portal.LastMailToAsync(world.CorpEmail("manager"));
        Assert.Contains("令和6年度のGH定員を見直してください。", mail, StringComparison.Ordinal);
        Assert.Contains($"https://portal.test/t/{world.Corporation.Id}/submissions", mail, StringComparison.Ordinal);
        Assert.Single(world.MailsTo(world.CorpEmail("finance")));
        Assert.Single((await NotificationWorld.ListAsync(world.Corp("finance"), world.Corporation)).Items);

        // Those who only read (staff-viewer) are not told of decisions; the ward's people got the new submission instead.
        Assert.Empty((await NotificationWorld.ListAsync(world.Corp("staff-viewer"), world.Corporation)).Items);
        var reviewer = Assert.Single((await NotificationWorld.ListAsync(world.Municipal("reviewer"), world.Ward)).Items);
        Assert.Equal((NotificationKind.SubmissionReceived, NotificationChannel.Digest), (reviewer.Kind, reviewer.Channel));
        Assert.Contains("社会福祉法人福音寮", reviewer.Message, StringComparison.Ordinal);
        Assert.Equal($"/t/{world.Ward.Id}/review", reviewer.Link);
        Assert.Empty(world.MailsTo(Identities.EmailFor(world.Ward, "reviewer")));
    }

    [Fact]
    public async Task An_acceptance_is_notified_once_even_when_delivered_twice_and_each_person_marks_only_their_own_read()
    {
        var world = await NotificationWorld.CreateAsync(portal);
        var id = await world.SubmitAndDeliverAsync();
        await world.AcceptAsync(id);
        // Redelivering every review step (at-least-once) does not notify again.
        foreach (var message in await world.Delivery.PendingAsync(world.Ward, Ct)) await world.Delivery.ApplyAtReceiverAsync(world.Ward, message, Ct);

        var managerClient = world.Corp("manager");
        var list = await NotificationWorld.ListAsync(managerClient, world.Corporation);
        var accepted = Assert.Single(list.Items);
        Assert.Equal(NotificationKind.SubmissionAccepted, accepted.Kind);
        Assert.Contains("受理", accepted.Title, StringComparison.Ordinal);

        var finance = Assert.Single((await NotificationWorld.ListAsync(world.Corp("finance"), world.Corporation)).Items);
        Assert.Equal(HttpStatusCode.NotFound,
            (await managerClient.PostAsync($"/api/t/{world.Corporation.Id}/notifications/{finance.Id}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await managerClient.PostAsync($"/api/t/{world.Corporation.Id}/notifications/{accepted.Id}/read", null, Ct)).StatusCode);

        var after = await NotificationWorld.ListAsync(managerClient, world.Corporation);
        Assert.Equal(0, after.Unread);
        Assert.True(Assert.Single(after.Items).Read);
        Assert.Equal(1, (await NotificationWorld.ListAsync(world.Corp("finance"), world.Corporation)).Unread);
    }

    [Fact]
    public async Task Each_person_chooses_per_kind_none_stops_it_and_digest_mails_once_a_day_in_the_persons_language()
    {
        var world = await NotificationWorld.CreateAsync(portal);
        var preferences = $"/api/t/{world.Corporation.Id}/notifications/preferences";
        var manager = world.Corp("manager");
        var finance = world.Corp("finance");
        Assert.Equal(HttpStatusCode.OK, (await manager.PutAsJsonAsync(preferences,
            new { channels = new Dictionary<string, string> { ["SubmissionReturned"] = "None" } }, Json.Options, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await finance.PutAsJsonAsync(preferences,
            new { channels = new Dictionary<string, string> { ["SubmissionReturned"] = "Digest" }, language = "en" }, Json.Options, Ct)).StatusCode);
        var stored = (await (await finance.GetAsync(preferences, Ct)).ReadAsync<PreferencesView>(Ct))!;
        Assert.Equal(NotificationChannel.Digest, stored.Channels![NotificationKind.SubmissionReturned]);
        Assert.Equal(NotificationChannel.Immediate, stored.Channels[NotificationKind.SubmissionAccepted]);
        Assert.Equal("en", stored.Language);
        // Refused: an unknown language.
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PutAsJsonAsync(preferences, new { language = "fr" }, Json.Options, Ct)).StatusCode);

        var id = await world.SubmitAndDeliverAsync();
        await world.ReturnAsync(id, "理由A");

        Assert.Empty((await NotificationWorld.ListAsync(manager, world.Corporation)).Items);
        Assert.Empty(world.MailsTo(world.CorpEmail("manager")));
        var item = Assert.Single((await NotificationWorld.ListAsync(finance, world.Corporation)).Items);
        Assert.Equal(NotificationChannel.Digest, item.Channel);
        Assert.Empty(world.MailsTo(world.CorpEmail("finance")));

        Assert.Equal(1, await world.Mailer.SendDigestsAsync(world.Corporation, Ct));
        var digest = await portal.LastMailToAsync(world.CorpEmail("finance"));
        Assert.Contains("since the last digest", digest, StringComparison.Ordinal);
        Assert.Contains("was returned by テスト区. Reasons: 理由A", digest, StringComparison.Ordinal);
        // Sent once: the next day's digest has nothing of it.
        Assert.Equal(0, await world.Mailer.SendDigestsAsync(world.Corporation, Ct));
        Assert.Single(world.MailsTo(world.CorpEmail("finance")));
    }
}
