using System.Net;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Isolation;

/// A municipality sees only what was submitted to it: never another municipality's submissions.
[Trait("Category", "Isolation")]
[Trait("Category", "Submissions")]
public sealed class SubmissionIsolationTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_municipality_cannot_read_or_review_a_submission_addressed_to_another_municipality()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var other = await TenantAsync(portal, "other-ward", TenantKind.Municipality, NewJurisdiction());
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction);
        await PlanAsync(portal, corporation, "福音寮", Fukuinryo);
        var id = await SubmitPlanAsync(portal.ClientFor(corporation), corporation);
        var ownReviewer = portal.ClientFor(ward, "reviewer");
        for (var i = 0; i < 100 && (await ownReviewer.GetAsync($"/api/t/{ward.Id}/review/submissions/{id}", Ct)).StatusCode != HttpStatusCode.OK; i++)
            await Task.Delay(100, Ct);
        Assert.Equal(HttpStatusCode.OK, (await ownReviewer.GetAsync($"/api/t/{ward.Id}/review/submissions/{id}", Ct)).StatusCode);

        var (reviewer, approver) = (portal.ClientFor(other, "reviewer"), portal.ClientFor(other, "approver"));
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/t/{other.Id}/review/submissions/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/t/{other.Id}/review/submissions/{id}/diff", Ct)).StatusCode);
        Assert.Empty((await (await reviewer.GetAsync($"/api/t/{other.Id}/review/submissions", Ct)).ReadAsync<List<ReceivedSubmission>>(Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(reviewer, $"/api/t/{other.Id}/review/submissions/{id}/assign"));
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(approver, $"/api/t/{other.Id}/review/submissions/{id}/accept"));
        Assert.Equal(0, (await (await approver.GetAsync($"/api/t/{other.Id}/progress", Ct)).ReadAsync<Hidamari.Portal.Features.Submissions.Progress.WardProgress>(Ct))!.AcceptedSubmissions);
        // Through the other ward's route into the first ward's tenant: not a member, so not found.
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/t/{ward.Id}/review/submissions/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(approver, $"/api/t/{ward.Id}/review/submissions/{id}/accept"));
    }
}
