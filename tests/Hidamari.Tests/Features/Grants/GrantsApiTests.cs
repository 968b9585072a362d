using System.Net;
using System.Net.Http.Json;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Grants;

/// The lifecycle through the real HTTP surface on real PostgreSQL, with delivery run step by step.
[Trait("Category", "Grants")]
public sealed class GrantsApiTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private SubmissionDelivery Delivery => portal.Services.GetRequiredService<SubmissionDelivery>();

    private sealed record World(TenantInfo Ward, TenantInfo Corporation, HttpClient Manager, HttpClient Reviewer, HttpClient Approver, Guid ProgrammeId)
    {
        public string Corp => $"/api/t/{Corporation.Id}/grants";
        public string Muni => $"/api/t/{Ward.Id}/grants";
    }

    private async Task<World> WorldAsync(long budget = 40_000_000)
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var approver = portal.ClientFor(ward, "approver");
        var published = await approver.PostJsonAsync($"/api/t/{ward.Id}/grants/programmes", new
        {
            key = "gh-opening", fiscalYear = 2022, name = "GH開設支援（令和4年度）", basis = "国庫補助1/2", budgetYen = budget,
            applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = ProgrammeTemplates.GroupHomeOpeningId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        return new World(ward, corporation, portal.ClientFor(corporation), portal.ClientFor(ward, "reviewer"), approver, (await published.ReadAsync<Created>(Ct))!.Id);
    }

    private async Task<Guid> DraftAsync(World w, long equipment = 16_000_000)
    {
        var response = await w.Manager.PostJsonAsync($"{w.Corp}/applications", new
        {
            programmeId = w.ProgrammeId, title = "GH2か所の開設", groupHome = "新GH", homes = 2,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = equipment, source = "manual" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Created>(Ct))!.Id;
    }

    private static async Task<HttpStatusCode> Post(HttpClient client, string url, object? body = null) =>
        (await client.PostJsonAsync(url, body ?? new { }, Ct)).StatusCode;

    [Fact]
    public async Task From_draft_to_the_fixed_amount_with_the_timeline_on_both_sides()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);

        var preview = await Get<GrantPreview>(w.Manager, $"{w.Corp}/applications/{id}/preview");
        Assert.Equal((16_000_000L, 8_000_000L), (preview.Figures!.GrantYen, preview.Figures.NationalYen));
        Assert.Equal(1, preview.Figures.TableNumber);
        Assert.Empty(preview.Findings);

        // Autosave: every change is kept; the API edits the same draft.
        var edited = await w.Manager.PutAsJsonAsync($"{w.Corp}/applications/{id}/draft", new
        {
            title = "GH2か所の開設（上馬・野沢）", groupHome = "新GH", homes = 2,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 16_000_000, source = "manual" } },
            attachments = new[] { new { name = "見積書.pdf", description = "備品の見積" } },
        }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        Assert.Equal(HttpStatusCode.OK, await Post(w.Manager, $"{w.Corp}/applications/{id}/submit"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(w.Manager, $"{w.Corp}/applications/{id}/submit"));
        await portal.DeliverAsync();

        var c = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal((GrantStatus.Submitted, "社会福祉法人東京育成園", 1), (c.Status, c.CorporationName, c.Application.Attachments.Count));
        // No decision without review; the reviewer may not decide (and lacks the approver role anyway).
        Assert.Equal(HttpStatusCode.BadRequest, await Post(w.Approver, $"{w.Muni}/cases/{id}/decide"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/decide"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/return", new { reasons = "見積書の金額を確認してください。" }));
        await portal.DeliverAsync();

        var returned = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal((GrantStatus.Returned, "見積書の金額を確認してください。"), (returned.Status, returned.ReturnReasons));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Manager, $"{w.Corp}/applications/{id}/submit"));
        await portal.DeliverAsync();

        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/decide",
            new { items = new[] { new { key = "equipment", yen = 16_000_000 } }, conditions = "年度終了後に実績報告" }));
        await portal.DeliverAsync();

        var decided = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal((GrantStatus.Decided, 16_000_000L, 8_000_000L), (decided.Status, decided.Decided!.GrantYen, decided.Decided.NationalYen));

        // The corporation's people heard of the return and of the decision, each linking to the application.
        var heard = await Notifications.NotificationWorld.ListAsync(w.Manager, w.Corporation);
        var grantNotices = heard.Items.Where(n => n.Kind == Hidamari.Portal.Features.Notifications.NotificationKind.GrantDecision).ToList();
        Assert.Equal(2, grantNotices.Count);
        Assert.All(grantNotices, n => Assert.Equal($"/t/{w.Corporation.Id}/grants/{id}", n.Link));
        Assert.Contains(grantNotices, n => n.Message.Contains("「交付決定」", StringComparison.Ordinal));
        Assert.Contains(grantNotices, n => n.Message.Contains("「差し戻し」", StringComparison.Ordinal));
        Assert.Contains("交付決定", await portal.LastMailToAsync(Identities.EmailFor(w.Corporation, "manager")), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await Post(w.Manager, $"{w.Corp}/applications/{id}/report", new
        {
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 15_200_000, source = "receipts" } },
            attachments = new[] { new { name = "領収書.pdf", description = "備品の領収書" } },
        }));
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/fix"));
        await portal.DeliverAsync();

        var fixedApp = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal((GrantStatus.Fixed, 15_200_000L, 800_000L), (fixedApp.Status, fixedApp.Fixed!.GrantYen, fixedApp.ExcessYen));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Manager, $"{w.Corp}/applications/{id}/claim"));
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/payments", new { yen = 15_200_000 }));
        await portal.DeliverAsync();

        string[] steps =
        [
            "Sent.GrantApplication", "Assigned", "Returned.GrantApplication", "Sent.GrantApplication", "Assigned", "Decided",
            "Sent.GrantReport", "Assigned", "Fixed", "Sent.GrantClaim", "Paid",
        ];
        var corpSide = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal(GrantStatus.Paid, corpSide.Status);
        Assert.Equal(["Drafted", .. steps], corpSide.Timeline.Select(t => t.What));
        var muniSide = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal(steps.Select(s => s.Replace("Sent.", "Received.", StringComparison.Ordinal)), muniSide.Timeline.Select(t => t.What));
        Assert.All(corpSide.Timeline.Concat(muniSide.Timeline), t => Assert.False(string.IsNullOrEmpty(t.By)));
        Assert.Contains(muniSide.Timeline, t => t.What == "Decided" && t.By.StartsWith("approver", StringComparison.Ordinal));

        // The ward's programme view: requested, decided, fixed and the budget left.
        var summary = Assert.Single(await Get<List<ProgrammeSummary>>(w.Approver, $"{w.Muni}/programmes/summary"));
        Assert.Equal((1, 16_000_000L, 15_200_000L, 24_800_000L), (summary.Applications, summary.DecidedYen, summary.FixedYen, summary.BudgetLeftYen!.Value));

        var csv = await w.Approver.GetAsync($"{w.Muni}/programmes/gh-opening/decided.csv", Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(Ct));
        Assert.Contains("社会福祉法人東京育成園", text, StringComparison.Ordinal);
        Assert.Contains("16000000", text, StringComparison.Ordinal);
        var xlsx = await w.Approver.GetAsync($"{w.Muni}/programmes/gh-opening/decided.xlsx", Ct);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync(Ct))[..2]));
        var pdf = await w.Approver.GetAsync($"{w.Muni}/cases/{id}/notice.pdf", Ct);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var bytes = await pdf.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes[..4]));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_change_approval_is_the_only_way_to_a_new_decided_amount()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        await Post(w.Manager, $"{w.Corp}/applications/{id}/submit");
        await portal.DeliverAsync();
        await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign");
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/decide"));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(w.Approver, $"{w.Muni}/cases/{id}/decide", new { items = new[] { new { key = "equipment", yen = 10_000_000 } } }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(w.Approver, $"{w.Muni}/cases/{id}/approve-change"));
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Manager.PutAsJsonAsync($"{w.Corp}/applications/{id}/draft",
            new { title = "x", groupHome = "", homes = 2, items = Array.Empty<object>() }, Json.Options, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, await Post(w.Manager, $"{w.Corp}/applications/{id}/change", new
        {
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費（減額）", yen = 12_000_000, source = "manual" } },
            note = "1か所の備品を既存品で賄うため",
        }));
        await portal.DeliverAsync();
        await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign");
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/approve-change"));
        await portal.DeliverAsync();

        var corp = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal((GrantStatus.Decided, 12_000_000L, 6_000_000L), (corp.Status, corp.Decided!.GrantYen, corp.Decided.NationalYen));
        var summary = Assert.Single(await Get<List<ProgrammeSummary>>(w.Approver, $"{w.Muni}/programmes/summary"));
        Assert.Equal(28_000_000, summary.BudgetLeftYen);
    }

    [Fact]
    public async Task Documents_delivered_twice_apply_once_and_a_report_before_its_application_waits()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        await Post(w.Manager, $"{w.Corp}/applications/{id}/submit");
        var application = Assert.Single(await Delivery.PendingAsync(w.Corporation, Ct));

        await Delivery.ApplyAtReceiverAsync(w.Corporation, application, Ct);
        await Delivery.ApplyAtReceiverAsync(w.Corporation, application, Ct);
        var c = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal((1, 1), (c.Submissions.Count, c.Timeline.Count));

        // A document for an application the ward does not hold yet is refused, and retried later by the outbox.
        var sent = System.Text.Json.JsonSerializer.Deserialize<SubmissionSent>(application.Payload, SubmissionDelivery.Json)!;
        var report = sent with
        {
            SubmissionId = Guid.NewGuid(), Kind = DocumentKind.GrantReport,
            Content = new SubmissionContent([]) { Grant = sent.Content.Grant! with { ApplicationId = Guid.NewGuid(), Kind = DocumentKind.GrantReport } },
        };
        var stray = new OutboxMessage
        {
            Id = Guid.NewGuid(), Target = w.Ward.Id, Kind = OutboxKind.Submission, SubmissionId = report.SubmissionId,
            Payload = System.Text.Json.JsonSerializer.Serialize(report, SubmissionDelivery.Json),
        };
        await Assert.ThrowsAsync<DeliveryRefusedException>(() => Delivery.ApplyAtReceiverAsync(w.Corporation, stray, Ct));

        await portal.DeliverAsync();
        Assert.Equal(SentStatus.Received, (await SentAsync(w.Manager, w.Corporation, application.SubmissionId)).Submission.Status);
    }

    [Fact]
    public async Task Municipal_steps_delivered_out_of_order_and_twice_leave_the_latest_state()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        await Post(w.Manager, $"{w.Corp}/applications/{id}/submit");
        await portal.DeliverAsync();
        await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign");
        await Post(w.Reviewer, $"{w.Muni}/cases/{id}/comments", new { item = "equipment", text = "見積は妥当です。" });
        await Post(w.Approver, $"{w.Muni}/cases/{id}/decide");
        var steps = (await Delivery.PendingAsync(w.Ward, Ct)).Where(m => m.Kind == OutboxKind.GrantUpdate).ToList();
        Assert.Equal(3, steps.Count);

        foreach (var m in steps.AsEnumerable().Reverse().Concat(steps)) await Delivery.ApplyAtReceiverAsync(w.Ward, m, Ct);

        var corp = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal((GrantStatus.Decided, 3, 16_000_000L), (corp.Status, corp.AppliedMessages.Count, corp.Decided!.GrantYen));
        Assert.Equal(["Drafted", "Sent.GrantApplication", "Assigned", "Commented", "Decided"], corp.Timeline.Select(t => t.What));
        Assert.Single(corp.Comments);
    }

    [Fact]
    public async Task A_programme_is_checked_when_the_draft_is_submitted_and_other_tenants_see_nothing()
    {
        var w = await WorldAsync();
        var draft = await w.Manager.PostJsonAsync($"{w.Corp}/applications", new
        {
            programmeId = w.ProgrammeId, title = "家賃の申請", groupHome = "", homes = 1,
            items = new[] { new { key = "rent", kind = "AnnualRent", description = "家賃", yen = 1_000_000, source = "manual" } },
        }, Ct);
        var id = (await draft.ReadAsync<Created>(Ct))!.Id;
        var preview = await Get<GrantPreview>(w.Manager, $"{w.Corp}/applications/{id}/preview");
        Assert.Contains(preview.Findings, f => f.MessageKey == "Grants.Error.NotEligible" && f.IsError);
        Assert.Equal(HttpStatusCode.BadRequest, await Post(w.Manager, $"{w.Corp}/applications/{id}/submit"));

        // A corporation of another jurisdiction cannot apply under this ward's programme, nor see the application.
        var other = await TenantAsync(portal, "other", TenantKind.Corporation, NewJurisdiction(), "社会福祉法人よそ");
        var otherManager = portal.ClientFor(other);
        var refused = await otherManager.PostJsonAsync($"/api/t/{other.Id}/grants/applications",
            new { programmeId = w.ProgrammeId, title = "x", groupHome = "", homes = 1 }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync($"/api/t/{other.Id}/grants/applications/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.GetAsync($"/api/t/{w.Corporation.Id}/grants/cases/{id}", Ct)).StatusCode);

        // Templates are national and a corporation lists only its municipality's programmes.
        var programmes = await Get<List<GrantProgramme>>(w.Manager, $"{w.Corp}/programmes");
        Assert.Equal(["gh-opening"], programmes.Select(p => p.Key));
        var withTemplates = await Get<List<GrantProgramme>>(w.Approver, $"{w.Muni}/programmes");
        Assert.Contains(withTemplates, p => p.IsTemplate && p.Items.Any(i => i.Kind == OpeningCostKind.Equipment && i.CapPerHomeYen == 8_000_000));
    }
    [Fact]
    public async Task A_draft_from_recorded_data_takes_the_key_money_and_brokerage_of_the_leases_of_the_programmes_year()
    {
        var w = await WorldAsync();
        var facility = (await (await w.Manager.PostJsonAsync($"/api/t/{w.Corporation.Id}/facilities",
            new { kind = "ChildrensHome", name = "東京育成園", address = "東京都世田谷区上馬", mainCapacity = 29, effectiveOn = "2021-04-01" }, Ct)).ReadAsync<Created>(Ct))!.Id;
        var gh = (await (await w.Manager.PostJsonAsync($"/api/t/{w.Corporation.Id}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "上馬ホーム", capacity = 4, openedOn = "2022-06-01" }, Ct)).ReadAsync<Created>(Ct))!.Id;
        var lease = await w.Manager.PostJsonAsync($"/api/t/{w.Corporation.Id}/leases",
            new { groupHomeId = gh, terms = Leases.LeaseExamples.Terms(new DateOnly(2022, 6, 1)) }, Ct);
        Assert.Equal(HttpStatusCode.Created, lease.StatusCode);

        var response = await w.Manager.PostJsonAsync($"{w.Corp}/applications", new
        {
            programmeId = w.ProgrammeId, title = "上馬ホームの開設", groupHome = "上馬ホーム", homes = 1, fromRecords = true,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 8_000_000, source = "manual" } },
        }, Ct);
        var id = (await response.ReadAsync<Created>(Ct))!.Id;

        var draft = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        var fromLease = Assert.Single(draft.Items, i => i.Kind == OpeningCostKind.InitialLease);
        Assert.Equal((150_000L + 165_000L, "lease:上馬ホーム"), (fromLease.Yen, fromLease.Source));
        var preview = await Get<GrantPreview>(w.Manager, $"{w.Corp}/applications/{id}/preview");
        Assert.Equal(4_000_000 + 157_500, preview.Figures!.NationalYen);
    }
}
