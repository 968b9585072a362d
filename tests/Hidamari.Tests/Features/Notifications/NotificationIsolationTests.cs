using System.Net;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Notifications;

/// A notification stays in the tenant it is about: a member of two tenants sees each tenant's only under that tenant.
[Trait("Category", "Submissions")]
[Trait("Category", "Isolation")]
public sealed class NotificationIsolationTests(NotificationPortalFactory portal) : IClassFixture<NotificationPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_decision_for_one_corporation_is_never_listed_readable_or_mailed_in_another_tenant()
    {
        var world = await NotificationWorld.CreateAsync(portal);
        var other = await NotificationWorld.CreateAsync(portal);
        // One person who manages both corporations.
        var email = $"both.{Guid.NewGuid():N}@test.example";
        await portal.EnsureUserAsync(email, (world.Corporation, "manager"), (other.Corporation, "manager"));
        using var cookie = await portal.SignedInCookieClientAsync(email);
        var both = portal.BearerClient((await Identities.AuthorizationCodeTokensAsync(cookie)).AccessToken);

        var id = await world.SubmitAndDeliverAsync();
        await world.ReturnAsync(id, "理由");

        var mine = Assert.Single((await NotificationWorld.ListAsync(both, world.Corporation)).Items);
        Assert.Equal(NotificationKind.SubmissionReturned, mine.Kind);
        Assert.Empty((await NotificationWorld.ListAsync(both, other.Corporation)).Items);
        Assert.Empty((await NotificationWorld.ListAsync(other.Corp("manager"), other.Corporation)).Items);
        // The notification's id means nothing under the other tenant.
        Assert.Equal(HttpStatusCode.NotFound,
            (await both.PostAsync($"/api/t/{other.Corporation.Id}/notifications/{mine.Id}/read", null, Ct)).StatusCode);
        // The municipality's people are told of the new submission only, never of the corporation's decision.
        Assert.DoesNotContain((await NotificationWorld.ListAsync(world.Municipal("approver"), world.Ward)).Items,
            n => n.Kind != NotificationKind.SubmissionReceived);
        // Someone of the other corporation cannot even reach this corporation's list.
        Assert.Equal(HttpStatusCode.NotFound,
            (await other.Corp("manager").GetAsync($"/api/t/{world.Corporation.Id}/notifications", Ct)).StatusCode);
        Assert.Empty(other.MailsTo(other.CorpEmail("manager")));
        Assert.Empty(other.MailsTo(other.CorpEmail("finance")));
    }
}
