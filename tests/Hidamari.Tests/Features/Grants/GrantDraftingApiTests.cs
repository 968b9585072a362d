using System.Net;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Grants;

/// <summary>
/// Drafting from recorded data through the real HTTP surface on real PostgreSQL: a corporation records the equipment of
/// its two 令和4年度 group homes, a lease and its training plan; applications are drafted from them, the 実績報告 is
/// prefilled from the purchases made and sessions held, and another corporation's records never appear.
/// </summary>
[Trait("Category", "Grants")]
public sealed class GrantDraftingApiTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private sealed record Corporation(TenantInfo Tenant, HttpClient Manager, Guid Facility, Guid Kamiuma, Guid Nozawa)
    {
        public string Api => $"/api/t/{Tenant.Id}";
        public string Grants => $"{Api}/grants";
    }

    private sealed record World(TenantInfo Ward, HttpClient Reviewer, HttpClient Approver, Corporation Corp, Guid Opening, Guid Training)
    {
        public string Muni => $"/api/t/{Ward.Id}/grants";
    }

    private static async Task<HttpStatusCode> Post(HttpClient client, string url, object? body = null) =>
        (await client.PostJsonAsync(url, body ?? new { }, Ct)).StatusCode;

    /// A corporation with 上馬ホーム (opened 2022-06-01, leased from then) and 野沢ホーム (2022-10-01).
    private async Task<Corporation> CorporationAsync(string jurisdiction, string name)
    {
        var tenant = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, name);
        var manager = portal.ClientFor(tenant);
        var api = $"/api/t/{tenant.Id}";
        var facility = (await Created<Created>(await manager.PostJsonAsync($"{api}/facilities",
            new { kind = "ChildrensHome", name = "東京育成園", address = "東京都世田谷区上馬", mainCapacity = 29, effectiveOn = "2021-04-01" }, Ct))).Id;
        var kamiuma = (await Created<Created>(await manager.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "上馬ホーム", capacity = 4, openedOn = "2022-06-01" }, Ct))).Id;
        var nozawa = (await Created<Created>(await manager.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "野沢ホーム", capacity = 4, openedOn = "2022-10-01" }, Ct))).Id;
        await Created<Created>(await manager.PostJsonAsync($"{api}/leases", new { groupHomeId = kamiuma, terms = Leases.LeaseExamples.Terms(new DateOnly(2022, 6, 1)) }, Ct));
        return new Corporation(tenant, manager, facility, kamiuma, nozawa);
    }

    private static async Task<Guid> RecordAsync(Corporation c, Guid home, string item, int quantity, long unitPrice, string on, bool purchased) =>
        (await Created<PurchaseRecorded>(await c.Manager.PostJsonAsync($"{c.Grants}/equipment",
            new { groupHomeId = home, item, quantity, unitPriceYen = unitPrice, on, purchased, vendor = "世田谷家具センター" }, Ct))).Id;

    /// 令和4年度: 上馬 bought 4 × 450,000 and plans 1 × 300,000 (and buys 200,000 in 令和5年度); 野沢 plans 5 × 200,000.
    /// Training: 基幹的職員研修 20,000 × 2 and an external course 30,000 × 3 planned; the external one held once
    /// (5,000 + one attendee).
    private async Task RecordFy2022Async(Corporation c)
    {
        await RecordAsync(c, c.Kamiuma, "居室の家具一式", 4, 450_000, "2022-05-20", true);
        await RecordAsync(c, c.Kamiuma, "冷蔵庫", 1, 300_000, "2022-07-01", false);
        await RecordAsync(c, c.Kamiuma, "エアコン", 1, 200_000, "2023-04-10", true);
        await RecordAsync(c, c.Nozawa, "エアコン", 5, 200_000, "2022-09-01", false);

        var staff = $"{c.Api}/staff";
        var person = (await Created<Created>(await c.Manager.PostJsonAsync(staff, new
        {
            name = "研修 花子", nameKana = "", hiredOn = "2021-04-01", category = "ChildCareWorker", employment = "FullTime", weeklyHours = 0,
            priorExperienceYears = 3, facilityId = c.Facility,
        }, Ct))).Id;
        var senior = (await Created<Created>(await c.Manager.PostJsonAsync($"{staff}/training/courses", new
        {
            title = "基幹的職員研修", provider = "External", category = "SeniorStaff", hours = 30, feePerParticipant = 20_000, mandatoryFor = Array.Empty<string>(),
        }, Ct))).Id;
        var external = (await Created<Created>(await c.Manager.PostJsonAsync($"{staff}/training/courses", new
        {
            title = "子どもの権利擁護研修", provider = "External", category = "QualityImprovement", hours = 6, feePerParticipant = 30_000, mandatoryFor = Array.Empty<string>(),
        }, Ct))).Id;
        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{staff}/training/plans/2022", new { courseId = senior, plannedParticipants = 2, budget = 50_000 }));
        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{staff}/training/plans/2022", new { courseId = external, plannedParticipants = 3, budget = 90_000 }));
        Assert.Equal(HttpStatusCode.Created, await Post(c.Manager, $"{staff}/training/courses/{external}/sessions", new
        {
            heldOn = "2022-09-01", location = "研修センター", hours = 6, sessionCost = 5_000,
            attendees = new[] { new { staffId = person, hours = 6, completed = true } },
        }));
    }

    private async Task<World> WorldAsync()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corp = await CorporationAsync(jurisdiction, "社会福祉法人東京育成園");
        await RecordFy2022Async(corp);
        var approver = portal.ClientFor(ward, "approver");
        async Task<Guid> PublishAsync(string key, Guid template) =>
            (await Created<Created>(await approver.PostJsonAsync($"/api/t/{ward.Id}/grants/programmes", new
            {
                key, fiscalYear = 2022, name = key, basis = "", budgetYen = 40_000_000,
                applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = template,
            }, Ct))).Id;
        return new World(ward, portal.ClientFor(ward, "reviewer"), approver, corp,
            await PublishAsync("gh-opening", ProgrammeTemplates.GroupHomeOpeningId), await PublishAsync("staff-development", ProgrammeTemplates.StaffDevelopmentId));
    }

    private static async Task<Guid> DraftFromRecordsAsync(Corporation c, Guid programme, int homes = 2) =>
        (await Created<Created>(await c.Manager.PostJsonAsync($"{c.Grants}/applications",
            new { programmeId = programme, title = "記録からの申請", groupHome = "上馬・野沢", homes, fromRecords = true }, Ct))).Id;

    private static (string, OpeningCostKind, long, string, int?)[] Shape(IEnumerable<GrantItem> items) =>
        [.. items.Select(i => (i.Key, i.Kind, i.Yen, i.Source, i.Participants))];

    [Fact]
    public async Task A_draft_from_records_takes_the_equipment_of_the_year_the_leases_initial_costs_and_the_training_plan_with_their_sources()
    {
        var w = await WorldAsync();
        var c = w.Corp;

        (string, OpeningCostKind, long, string, int?)[] opening =
        [
            ("equipment-1", OpeningCostKind.Equipment, 4 * 450_000L + 300_000L, "equipment:上馬ホーム", null),
            ("equipment-2", OpeningCostKind.Equipment, 5 * 200_000L, "equipment:野沢ホーム", null),
            ("lease-1", OpeningCostKind.InitialLease, 150_000L + 165_000L, "lease:上馬ホーム", null),
        ];
        var proposal = await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{w.Opening}/proposal");
        Assert.Equal(opening, Shape(proposal.Items));
        Assert.Equal(["上馬ホーム", "野沢ホーム"], proposal.OpeningHomes!);
        var id = await DraftFromRecordsAsync(c, w.Opening);
        Assert.Equal(opening, Shape((await Get<GrantApplication>(c.Manager, $"{c.Grants}/applications/{id}")).Items));
        Assert.Equal(opening, Shape((await Get<GrantProposal>(c.Manager, $"{c.Grants}/applications/{id}/proposal")).Items));
        var preview = await Get<GrantPreview>(c.Manager, $"{c.Grants}/applications/{id}/preview");
        Assert.Equal((3_415_000L, 1_707_500L), (preview.Figures!.GrantYen, preview.Figures.NationalYen));

        // The training plan of the programme's year: fee × planned participants, 基幹的職員研修 as supervision.
        var training = await DraftFromRecordsAsync(c, w.Training, homes: 1);
        var drafted = await Get<GrantApplication>(c.Manager, $"{c.Grants}/applications/{training}");
        Assert.Equal(
        [
            ("training-1", OpeningCostKind.Supervision, 20_000L * 2, "training:基幹的職員研修", (int?)2),
            ("training-2", OpeningCostKind.TrainingFee, 30_000L * 3, "training:子どもの権利擁護研修", 3),
        ], Shape(drafted.Items));
        var figures = (await Get<GrantPreview>(c.Manager, $"{c.Grants}/applications/{training}/preview")).Figures!;
        Assert.Equal((130_000L, 65_000L, 65_000L), (figures.GrantYen, figures.NationalYen, figures.PrefectureYen));
        Assert.Equal(("staff-development", 1, 1), (figures.Programme.Key, figures.Programme.Version, figures.TableNumber));
        Assert.Equal(300_000, figures.Line("training-2")!.CapYen);
        Assert.Contains("StaffDevelopment", figures.Line("training-1")!.EngineProgramme, StringComparison.Ordinal);

        // Actual costs of the year: the sessions held (5,000 + 30,000 × 1); 基幹的職員研修 not held yet.
        var actuals = await Get<ActualsProposal>(c.Manager, $"{c.Grants}/applications/{training}/actuals");
        Assert.Equal(
        [
            ("training-1", OpeningCostKind.Supervision, 0L, "training:基幹的職員研修", (int?)0),
            ("training-2", OpeningCostKind.TrainingFee, 35_000L, "training:子どもの権利擁護研修", 1),
        ], Shape(actuals.Items));
    }

    [Fact]
    public async Task The_report_is_prefilled_from_the_purchases_made_and_the_fixed_amount_follows_the_actual_costs()
    {
        var w = await WorldAsync();
        var c = w.Corp;
        var id = await DraftFromRecordsAsync(c, w.Opening);
        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{c.Grants}/applications/{id}/submit"));
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/decide"));
        await portal.DeliverAsync();

        // Purchases made only: 上馬's refrigerator is still planned, 野沢 has bought nothing.
        var before = await Get<ActualsProposal>(c.Manager, $"{c.Grants}/applications/{id}/actuals");
        Assert.Equal([1_800_000L, 0L, 315_000L], before.Items.Select(i => i.Yen));
        var nozawa = Assert.Single((await Get<List<GroupHomeEquipment>>(c.Manager, $"{c.Grants}/equipment")).Single(g => g.GroupHomeId == c.Nozawa).Lines);
        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{c.Grants}/equipment/{c.Nozawa}/{nozawa.Id}/purchased",
            new { purchasedOn = "2022-10-20", unitPriceYen = 190_000 }));

        var actuals = await Get<ActualsProposal>(c.Manager, $"{c.Grants}/applications/{id}/actuals");
        Assert.Equal(
        [
            ("equipment-1", OpeningCostKind.Equipment, 1_800_000L, "equipment:上馬ホーム", (int?)null),
            ("equipment-2", OpeningCostKind.Equipment, 950_000L, "equipment:野沢ホーム", null),
            ("lease-1", OpeningCostKind.InitialLease, 315_000L, "lease:上馬ホーム", null),
        ], Shape(actuals.Items));
        Assert.Empty(actuals.Unmatched);

        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{c.Grants}/applications/{id}/report", new { items = actuals.Items }));
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, await Post(w.Reviewer, $"{w.Muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.OK, await Post(w.Approver, $"{w.Muni}/cases/{id}/fix"));
        await portal.DeliverAsync();

        var fixedApp = await Get<GrantApplication>(c.Manager, $"{c.Grants}/applications/{id}");
        Assert.Equal(GrantStatus.Fixed, fixedApp.Status);
        Assert.Equal((3_065_000L, 1_532_500L), (fixedApp.Fixed!.GrantYen, fixedApp.Fixed.NationalYen));
        Assert.Equal(3_415_000 - 3_065_000, fixedApp.ExcessYen);
    }

    [Fact]
    public async Task Refused_equipment_records_store_nothing()
    {
        var jurisdiction = NewJurisdiction();
        var c = await CorporationAsync(jurisdiction, "社会福祉法人A");
        var other = await CorporationAsync(jurisdiction, "社会福祉法人B");
        var url = $"{c.Grants}/equipment";
        object Line(Guid home, string item = "冷蔵庫", int quantity = 1, long unitPriceYen = 300_000, string on = "2022-07-01") =>
            new { groupHomeId = home, item, quantity, unitPriceYen, on, purchased = false };

        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(c.Kamiuma, quantity: 0)));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(c.Kamiuma, item: "")));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(c.Kamiuma, unitPriceYen: -1)));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(c.Kamiuma, on: "1800-01-01")));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(Guid.NewGuid())));
        // Another corporation's group home is not one of this corporation's.
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, url, Line(other.Kamiuma)));
        Assert.Equal(HttpStatusCode.Forbidden, await Post(portal.ClientFor(c.Tenant, "staff-viewer"), url, Line(c.Kamiuma)));
        Assert.All(await Get<List<GroupHomeEquipment>>(c.Manager, url), g => Assert.Empty(g.Lines));
        Assert.Equal(0, await EventsAsync(c.Tenant));

        var id = await RecordAsync(c, c.Kamiuma, "冷蔵庫", 1, 300_000, "2022-07-01", false);
        var done = $"{url}/{c.Kamiuma}/{id}";
        Assert.Equal(1, (await Get<List<GroupHomeEquipment>>(c.Manager, url)).Single(g => g.GroupHomeId == c.Kamiuma).Version);
        // A change against a stale version of the list is refused.
        Assert.Equal(HttpStatusCode.Conflict, await Post(c.Manager, $"{done}/purchased", new { purchasedOn = "2022-07-02", unitPriceYen = 280_000, expectedVersion = 7 }));
        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{done}/purchased", new { purchasedOn = "2022-07-02", unitPriceYen = 280_000 }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, $"{done}/purchased", new { purchasedOn = "2022-07-03", unitPriceYen = 1 }));
        Assert.Equal(HttpStatusCode.BadRequest, await Post(c.Manager, $"{done}/remove", new { reason = "" }));
        Assert.Equal(HttpStatusCode.NotFound, await Post(c.Manager, $"{url}/{c.Kamiuma}/{Guid.NewGuid()}/remove", new { reason = "誤り" }));
        Assert.Equal(2, await EventsAsync(c.Tenant));
        var line = Assert.Single((await Get<List<GroupHomeEquipment>>(c.Manager, url)).Single(g => g.GroupHomeId == c.Kamiuma).Lines);
        Assert.Equal((true, 280_000L, new DateOnly(2022, 7, 2)), (line.Purchased, line.UnitPriceYen, line.On));

        Assert.Equal(HttpStatusCode.OK, await Post(c.Manager, $"{done}/remove", new { reason = "二重に記録した" }));
        Assert.All(await Get<List<GroupHomeEquipment>>(c.Manager, url), g => Assert.Empty(g.Lines));
        // A municipality has no equipment list.
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "区");
        Assert.Equal(HttpStatusCode.NotFound, (await portal.ClientFor(ward, "reviewer").GetAsync($"/api/t/{ward.Id}/grants/equipment", Ct)).StatusCode);
    }

    private async Task<int> EventsAsync(TenantInfo tenant)
    {
        await using var session = portal.Services.GetRequiredService<TenantStores>().QuerySession(tenant);
        return await session.Events.QueryRawEventDataOnly<EquipmentPurchaseRecorded>().CountAsync(Ct)
            + await session.Events.QueryRawEventDataOnly<EquipmentPurchased>().CountAsync(Ct)
            + await session.Events.QueryRawEventDataOnly<EquipmentPurchaseRemoved>().CountAsync(Ct);
    }

    [Fact]
    public async Task Another_corporations_records_never_appear()
    {
        var w = await WorldAsync();
        var other = await CorporationAsync(w.Corp.Tenant.Jurisdiction, "社会福祉法人福音寮");
        await RecordAsync(other, other.Kamiuma, "よその備品", 1, 9_999_000, "2022-06-01", true);

        var mine = (await Get<GrantProposal>(w.Corp.Manager, $"{w.Corp.Grants}/programmes/{w.Opening}/proposal")).Items;
        Assert.DoesNotContain(mine, i => i.Yen == 9_999_000);
        Assert.Equal(3_415_000, mine.Sum(i => i.Yen));
        var theirs = (await Get<GrantProposal>(other.Manager, $"{other.Grants}/programmes/{w.Opening}/proposal")).Items;
        // Theirs: their own equipment and their own lease only; none of the first corporation's training plan.
        Assert.Equal([9_999_000L, 315_000L], theirs.Select(i => i.Yen));
        Assert.Empty((await Get<GrantProposal>(other.Manager, $"{other.Grants}/programmes/{w.Training}/proposal")).Items);

        var lists = await Get<List<GroupHomeEquipment>>(w.Corp.Manager, $"{w.Corp.Grants}/equipment");
        Assert.DoesNotContain(lists.SelectMany(g => g.Lines), l => l.Item == "よその備品");
        // Neither side reaches the other's list or applications.
        var line = lists.Single(g => g.GroupHomeId == w.Corp.Nozawa).Lines.Single();
        Assert.Equal(HttpStatusCode.NotFound, await Post(other.Manager, $"{other.Grants}/equipment/{w.Corp.Nozawa}/{line.Id}/purchased",
            new { purchasedOn = "2022-10-01", unitPriceYen = 1 }));
        var id = await DraftFromRecordsAsync(w.Corp, w.Opening);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Manager.GetAsync($"{other.Grants}/applications/{id}/proposal", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Manager.GetAsync($"{other.Grants}/applications/{id}/actuals", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Corp.Manager.GetAsync($"/api/t/{other.Tenant.Id}/grants/equipment", Ct)).StatusCode);
    }
}
