using System.Net;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Portal.Features.Submissions.Reviewing;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Submissions;

/// The review workflow through the API with background delivery, and the ward's progress from accepted plans.
[Trait("Category", "Submissions")]
public sealed class ReviewTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var i = 0; i < 100; i++)
        {
            var value = await read();
            if (done(value)) return value;
            await Task.Delay(100, Ct);
        }
        return await read();
    }

    private static Task<List<ReceivedSubmission>> QueueAsync(HttpClient client, TenantInfo ward) =>
        EventuallyAsync(async () => (await (await client.GetAsync($"/api/t/{ward.Id}/review/submissions", Ct)).ReadAsync<List<ReceivedSubmission>>(Ct))!, _ => true);

    [Fact]
    public async Task The_reviewer_of_a_submission_cannot_accept_it_another_approver_can()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction);
        await PlanAsync(portal, corporation, "東京育成園", TokyoIkuseien);
        var manager = portal.ClientFor(corporation);
        var id = await SubmitPlanAsync(manager, corporation);
        var (reviewer, approver) = (portal.ClientFor(ward, "reviewer"), portal.ClientFor(ward, "approver"));
        var api = $"/api/t/{ward.Id}/review/submissions/{id}";
        await EventuallyAsync(() => reviewer.GetAsync(api, Ct), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(approver, $"{api}/accept"));          // nobody reviewed it yet
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(reviewer, $"{api}/accept"));           // reviewers never accept
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(manager, $"/api/t/{corporation.Id}/review/submissions/{id}/accept"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(approver, $"{api}/assign"));           // the approver reviews it …
        var own = await approver.PostJsonAsync($"{api}/accept", new { }, Ct);                          // … so cannot accept it
        Assert.Equal(HttpStatusCode.BadRequest, own.StatusCode);
        Assert.Contains("二者確認", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(approver, $"{api}/accept"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(reviewer, $"{api}/return", new { reasons = "遅すぎる" }));

        var received = (await (await reviewer.GetAsync(api, Ct)).ReadAsync<ReceivedSubmission>(Ct))!;
        Assert.Equal(ReviewStatus.Accepted, received.Status);
        Assert.Equal(["Received", "Assigned", "Assigned", "Accepted"], received.History.Select(h => h.What));
        Assert.All(received.History, h => Assert.False(string.IsNullOrEmpty(h.By)));
        var sent = await EventuallyAsync(() => SentAsync(manager, corporation, id), s => s.Submission.Status == SentStatus.Accepted);
        Assert.Equal(SentStatus.Accepted, sent.Submission.Status);
    }

    [Fact]
    public async Task A_returned_plan_is_corrected_and_resubmitted_as_version_2_and_the_diff_shows_the_changed_line()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction);
        await PlanAsync(portal, corporation, "福音寮", Fukuinryo);
        var manager = portal.ClientFor(corporation);
        var first = await SubmitPlanAsync(manager, corporation);
        var reviewer = portal.ClientFor(ward, "reviewer");
        var api = $"/api/t/{ward.Id}/review/submissions";
        await EventuallyAsync(() => reviewer.GetAsync($"{api}/{first}", Ct), r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(reviewer, $"{api}/{first}/comments", new { line = "1999", text = "?" }));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/{first}/comments", new { line = "2024", text = "GHを1か所増やせませんか。" }));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/{first}/return", new { reasons = "令和6年度を見直してください。" }));
        var returned = await EventuallyAsync(() => SentAsync(manager, corporation, first), s => s.Submission.Status == SentStatus.Returned);
        Assert.Equal("GHを1か所増やせませんか。", Assert.Single(returned.Submission.Comments).Text);

        var plan = await (await manager.GetAsync($"/api/t/{corporation.Id}/plans", Ct)).ReadAsync<Hidamari.Portal.Features.Plans.DecentralizationPlan>(Ct);
        var facility = plan!.Years.First().FacilityId;
        var put = await manager.PutAsync($"/api/t/{corporation.Id}/plans/{facility}/years/2024",
            System.Net.Http.Json.JsonContent.Create(new { figures = new Hidamari.Portal.Features.Plans.PlannedFigures(3, 0, 18, 5, 3, 43) }, options: Json.Options), Ct);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        var second = await SubmitPlanAsync(manager, corporation);
        Assert.Equal(2, (await SentAsync(manager, corporation, second)).Submission.DocumentVersion);

        var diff = await EventuallyAsync(async () => await reviewer.GetAsync($"{api}/{second}/diff", Ct), r => r.StatusCode == HttpStatusCode.OK);
        var rows = (await diff.ReadAsync<VersionDiff>(Ct))!;
        Assert.Equal((first, 1), (rows.PreviousId, rows.PreviousVersion));
        var changed = rows.Rows.Where(r => r.Changed).Select(r => r.Key).ToList();
        Assert.Equal(["2024", "2024/福音寮"], changed);
        Assert.Equal((57, 61), (rows.Rows.First(r => r.Key == "2024").Previous!.TotalCapacity, rows.Rows.First(r => r.Key == "2024").Current!.TotalCapacity));
    }

    [Fact]
    public async Task Setagaya_two_corporations_submit_the_ward_accepts_and_progress_shows_the_targets_and_the_2_place_shortfall_of_reiwa_6()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "setagaya", TenantKind.Municipality, jurisdiction, "世田谷区");
        var ikuseien = await TenantAsync(portal, "ikuseien", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var fukuinryo = await TenantAsync(portal, "fukuinryo", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        await PlanAsync(portal, ikuseien, "東京育成園", TokyoIkuseien);
        await PlanAsync(portal, fukuinryo, "福音寮", Fukuinryo);
        var (reviewer, approver) = (portal.ClientFor(ward, "reviewer"), portal.ClientFor(ward, "approver"));
        foreach (var (fy, total, gh) in new[] { (2021, 110, 58), (2022, 112, 60), (2023, 112, 63), (2024, 113, 77) })
        {
            var set = await reviewer.PutAsync($"/api/t/{ward.Id}/progress/targets/{fy}",
                System.Net.Http.Json.JsonContent.Create(new { totalCapacity = total, groupHomeCapacity = gh }, options: Json.Options), Ct);
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        }
        var ids = new[] { await SubmitPlanAsync(portal.ClientFor(ikuseien), ikuseien), await SubmitPlanAsync(portal.ClientFor(fukuinryo), fukuinryo) };

        var beforeAcceptance = (await (await reviewer.GetAsync($"/api/t/{ward.Id}/progress", Ct)).ReadAsync<WardProgress>(Ct))!;
        Assert.All(beforeAcceptance.Years, y => Assert.Null(y.Planned));   // received is not accepted

        foreach (var id in ids)
        {
            var api = $"/api/t/{ward.Id}/review/submissions/{id}";
            await EventuallyAsync(() => reviewer.GetAsync(api, Ct), r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/assign"));
            Assert.Equal(HttpStatusCode.NoContent, await PostAsync(approver, $"{api}/accept"));
        }

        var progress = (await (await approver.GetAsync($"/api/t/{ward.Id}/progress", Ct)).ReadAsync<WardProgress>(Ct))!;
        Assert.Equal(2, progress.AcceptedSubmissions);
        Assert.Equal([2021, 2022, 2023, 2024], progress.Years.Select(y => y.FiscalYear));
        Assert.Equal([52.7m, 53.6m, 56.3m, 68.1m], progress.Years.Select(y => y.Target!.GroupHomeShare));
        Assert.Equal([110, 112, 112, 111], progress.Years.Select(y => y.Planned!.TotalCapacity));
        Assert.Equal([58, 60, 63, 75], progress.Years.Select(y => y.Planned!.GroupHomeCapacity));
        Assert.Equal([false, false, false, true], progress.Years.Select(y => y.PlansFallShort));
        var reiwa6 = progress.Years[3];
        Assert.Equal("令和6年度", reiwa6.FiscalYearLabel);
        Assert.Equal(2, reiwa6.Shortfall);
        Assert.Equal((-2, -2, -0.5m), (reiwa6.PlannedGap!.TotalPlaces, reiwa6.PlannedGap.GroupHomePlaces, reiwa6.PlannedGap.SharePoints));
        Assert.Equal([54, 57], reiwa6.Corporations.OrderBy(c => c.Planned!.TotalCapacity).Select(c => c.Planned!.TotalCapacity));

        // Corporations see none of it.
        Assert.Equal(HttpStatusCode.NotFound, (await portal.ClientFor(ikuseien).GetAsync($"/api/t/{ikuseien.Id}/progress", Ct)).StatusCode);
    }
}

/// The pure rules of the review.
[Trait("Category", "Submissions")]
public sealed class ReviewRuleTests
{
    private static readonly DateTimeOffset At = new(2025, 4, 10, 9, 0, 0, TimeSpan.FromHours(9));

    private static ReceivedSubmission Received() => ReceivedSubmission.Create(new SubmissionReceived(
        Guid.NewGuid(), "corp", "法人", DocumentKind.DecentralizationPlan, null, 1, "m@corp", At, At,
        new SubmissionContent([new SubmissionLine("2024", 2024, "令和6年度", null, new LineFigures(18, 7, 39))])));

    [Theory]
    [InlineData(null, "approver@ward", "Submissions.Error.NotReviewed")]
    [InlineData("reviewer@ward", "reviewer@ward", "Submissions.Error.FourEyes")]
    [InlineData("Reviewer@Ward", "reviewer@ward", "Submissions.Error.FourEyes")]
    [InlineData("reviewer@ward", "approver@ward", null)]
    public void Acceptance_needs_a_reviewer_other_than_the_approver(string? reviewer, string approver, string? refusal)
    {
        var submission = reviewer is null ? Received() : Received().Apply(new ReviewerAssigned(Guid.Empty, reviewer, reviewer, At));

        var decision = Review.Accept(submission, approver, At);

        Assert.Equal(refusal, decision.MessageKey);
        if (refusal is null) Assert.Equal(approver, Assert.IsType<SubmissionAccepted>(decision.Event).By);
    }

    [Fact]
    public void A_decided_submission_takes_no_further_step()
    {
        var returned = Received().Apply(new SubmissionReturned(Guid.Empty, "直してください", "r", At));

        Assert.Equal("Submissions.Error.AlreadyDecided", Review.Accept(returned, "a", At).MessageKey);
        Assert.Equal("Submissions.Error.AlreadyDecided", Review.Comment(returned, new CommentLine("2024", "x"), "r", At).MessageKey);
        Assert.Equal(ReviewStatus.Returned, returned.Status);
    }

    [Fact]
    public void Targets_give_the_share_of_seed_003()
    {
        Assert.Equal([52.7m, 53.6m, 56.3m, 68.1m],
            new[] { (110, 58), (112, 60), (112, 63), (113, 77) }.Select(t => new TargetYear(2021, t.Item1, t.Item2).GroupHomeShare));
    }
}
