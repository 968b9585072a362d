using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
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
using Npgsql;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Grants;

/// <summary>
/// The purpose (用途) of equipment lines through the real HTTP surface on real PostgreSQL: recorded and changed through
/// the API, turned into 多機能化 and 環境改善 items by the draft and the 実績報告 from records, refused when unknown
/// (nothing stored), and lines stored before purposes existed still load as general equipment.
/// </summary>
[Trait("Category", "Grants")]
public sealed class EquipmentPurposeApiTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private sealed record Corporation(TenantInfo Tenant, HttpClient Manager, Guid Kamiuma)
    {
        public string Grants => $"/api/t/{Tenant.Id}/grants";
        public string Equipment => $"{Grants}/equipment";
    }

    /// A corporation with 上馬ホーム (opened 2022-06-01).
    private async Task<Corporation> CorporationAsync(string jurisdiction)
    {
        var tenant = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var manager = portal.ClientFor(tenant);
        var api = $"/api/t/{tenant.Id}";
        var facility = (await Created<Created>(await manager.PostJsonAsync($"{api}/facilities",
            new { kind = "ChildrensHome", name = "東京育成園", address = "東京都世田谷区上馬", mainCapacity = 29, effectiveOn = "2021-04-01" }, Ct))).Id;
        var kamiuma = (await Created<Created>(await manager.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "上馬ホーム", capacity = 4, openedOn = "2022-06-01" }, Ct))).Id;
        return new Corporation(tenant, manager, kamiuma);
    }

    private static async Task<Guid> RecordAsync(Corporation c, string item, int quantity, long unitPrice, string on, bool purchased, string? purpose) =>
        (await Created<PurchaseRecorded>(await c.Manager.PostJsonAsync(c.Equipment,
            new { groupHomeId = c.Kamiuma, item, quantity, unitPriceYen = unitPrice, on, purchased, vendor = "世田谷家具センター", purpose }, Ct))).Id;

    private static async Task<Guid> PublishAsync(HttpClient approver, TenantInfo ward, string key, Guid template) =>
        (await Created<Created>(await approver.PostJsonAsync($"/api/t/{ward.Id}/grants/programmes", new
        {
            key, fiscalYear = 2022, name = key, basis = "", budgetYen = 40_000_000,
            applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = template,
        }, Ct))).Id;

    private static (string, OpeningCostKind, long, string)[] Shape(IEnumerable<GrantItem> items) =>
        [.. items.Select(i => (i.Key, i.Kind, i.Yen, i.Source))];

    [Fact]
    public async Task Multifunction_and_environment_lines_become_those_items_of_the_draft_and_of_the_report_and_a_changed_purpose_follows()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var c = await CorporationAsync(jurisdiction);
        var general = await RecordAsync(c, "冷蔵庫", 1, 300_000, "2022-07-01", true, null);
        await RecordAsync(c, "一時保護用の居室備品", 2, 250_000, "2022-08-01", true, "MultifunctionConversion");
        var environment = await RecordAsync(c, "防音パネル", 4, 120_000, "2022-09-01", false, "EnvironmentImprovement");

        var lines = Assert.Single(await Get<List<GroupHomeEquipment>>(c.Manager, c.Equipment)).Lines;
        Assert.Equal([EquipmentPurpose.General, EquipmentPurpose.MultifunctionConversion, EquipmentPurpose.EnvironmentImprovement], lines.Select(l => l.Purpose));
        // The API names the purpose as the client sends it.
        using (var json = JsonDocument.Parse(await (await c.Manager.GetAsync(c.Equipment, Ct)).Content.ReadAsStringAsync(Ct)))
            Assert.Equal("MultifunctionConversion", json.RootElement[0].GetProperty("lines")[1].GetProperty("purpose").GetString());

        var approver = portal.ClientFor(ward, "approver");
        var works = await PublishAsync(approver, ward, "multifunction-environment", ProgrammeTemplates.MultifunctionEnvironmentId);
        var opening = await PublishAsync(approver, ward, "gh-opening", ProgrammeTemplates.GroupHomeOpeningId);

        (string, OpeningCostKind, long, string)[] expected =
        [
            ("multifunction-1", OpeningCostKind.MultifunctionConversion, 500_000L, "equipment:上馬ホーム"),
            ("environment-1", OpeningCostKind.EnvironmentImprovement, 480_000L, "equipment:上馬ホーム"),
        ];
        Assert.Equal(expected, Shape((await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{works}/proposal")).Items));
        // The opening programme funds 備品購入費: the general line only.
        Assert.Equal([("equipment-1", OpeningCostKind.Equipment, 300_000L, "equipment:上馬ホーム")],
            Shape((await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{opening}/proposal")).Items));

        var id = (await Created<Created>(await c.Manager.PostJsonAsync($"{c.Grants}/applications",
            new { programmeId = works, title = "多機能化・環境改善", groupHome = "上馬ホーム", homes = 1, fromRecords = true }, Ct))).Id;
        var drafted = await Get<GrantApplication>(c.Manager, $"{c.Grants}/applications/{id}");
        Assert.Equal(expected, Shape(drafted.Items));
        var preview = await Get<GrantPreview>(c.Manager, $"{c.Grants}/applications/{id}/preview");
        // Each kind is split by its own programme's shares (多機能化: 施設整備 地域分散化; 環境改善: 環境改善 地域分散化).
        Assert.Equal((500_000L, 480_000L), (preview.Figures!.Line("multifunction-1")!.EligibleYen, preview.Figures.Line("environment-1")!.EligibleYen));
        Assert.Contains(Programmes.FacilityWorksDecentralized, preview.Figures.Line("multifunction-1")!.EngineProgramme, StringComparison.Ordinal);
        Assert.Contains(Programmes.EnvironmentImprovementDecentralized, preview.Figures.Line("environment-1")!.EngineProgramme, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, await PostAsync(c.Manager, $"{c.Grants}/applications/{id}/submit"));
        await portal.DeliverAsync();
        var muni = $"/api/t/{ward.Id}/grants";
        Assert.Equal(HttpStatusCode.OK, await PostAsync(portal.ClientFor(ward, "reviewer"), $"{muni}/cases/{id}/assign"));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(approver, $"{muni}/cases/{id}/decide"));
        await portal.DeliverAsync();

        // 実績報告: what was bought; the 環境改善 panels are still planned (nil).
        Assert.Equal([500_000L, 0L], (await Get<ActualsProposal>(c.Manager, $"{c.Grants}/applications/{id}/actuals")).Items.Select(i => i.Yen));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(c.Manager, $"{c.Equipment}/{c.Kamiuma}/{environment}/purchased",
            new { purchasedOn = "2022-10-01", unitPriceYen = 110_000 }));
        // The refrigerator turns out to be part of the environment improvement: its purpose changes, and the report follows.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(c.Manager, $"{c.Equipment}/{c.Kamiuma}/{general}/purpose", new { purpose = "EnvironmentImprovement" }));
        var actuals = await Get<ActualsProposal>(c.Manager, $"{c.Grants}/applications/{id}/actuals");
        Assert.Equal(
        [
            ("multifunction-1", OpeningCostKind.MultifunctionConversion, 500_000L, "equipment:上馬ホーム"),
            ("environment-1", OpeningCostKind.EnvironmentImprovement, 4 * 110_000L + 300_000L, "equipment:上馬ホーム"),
        ], Shape(actuals.Items));
        Assert.Empty(actuals.Unmatched);
        Assert.Empty((await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{opening}/proposal")).Items);
    }

    [Fact]
    public async Task An_unknown_purpose_is_refused_in_japanese_or_english_and_nothing_is_stored()
    {
        var c = await CorporationAsync(NewJurisdiction());
        foreach (var purpose in new[] { "Furniture", "general", "1", "General, EnvironmentImprovement" })
        {
            foreach (var (language, expected) in new[] { ("ja", "用途は"), ("en", "The purpose must be") })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, c.Equipment)
                {
                    Content = JsonContent(new { groupHomeId = c.Kamiuma, item = "冷蔵庫", quantity = 1, unitPriceYen = 300_000, on = "2022-07-01", purchased = false, purpose }),
                };
                request.Headers.AcceptLanguage.ParseAdd(language);
                var refused = await c.Manager.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
                Assert.Contains(expected, problem.RootElement.GetProperty("errors").GetProperty("purpose")[0].GetString(), StringComparison.Ordinal);
            }
        }
        Assert.Equal(0, await EventsAsync(c.Tenant));
        Assert.All(await Get<List<GroupHomeEquipment>>(c.Manager, c.Equipment), g => Assert.Empty(g.Lines));

        // No purpose: general equipment.
        var id = await RecordAsync(c, "冷蔵庫", 1, 300_000, "2022-07-01", false, null);
        var line = $"{c.Equipment}/{c.Kamiuma}/{id}/purpose";
        Assert.Equal(EquipmentPurpose.General, Assert.Single((await Get<List<GroupHomeEquipment>>(c.Manager, c.Equipment)).Single().Lines).Purpose);
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(c.Manager, line, new { purpose = "Furniture" }));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(c.Manager, line, new { purpose = "" }));
        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(c.Manager, line, new { purpose = "General" }));   // unchanged
        Assert.Equal(HttpStatusCode.NotFound, await PostAsync(c.Manager, $"{c.Equipment}/{c.Kamiuma}/{Guid.NewGuid()}/purpose", new { purpose = "General" }));
        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(c.Manager, line, new { purpose = "MultifunctionConversion", expectedVersion = 7 }));
        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(portal.ClientFor(c.Tenant, "staff-viewer"), line, new { purpose = "MultifunctionConversion" }));
        Assert.Equal(1, await EventsAsync(c.Tenant));

        Assert.Equal(HttpStatusCode.OK, await PostAsync(c.Manager, line, new { purpose = "MultifunctionConversion", expectedVersion = 1 }));
        Assert.Equal(2, await EventsAsync(c.Tenant));
        Assert.Equal(EquipmentPurpose.MultifunctionConversion, Assert.Single((await Get<List<GroupHomeEquipment>>(c.Manager, c.Equipment)).Single().Lines).Purpose);
    }

    [Fact]
    public async Task A_line_stored_before_purposes_existed_loads_as_general_equipment()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var c = await CorporationAsync(jurisdiction);
        var id = await RecordAsync(c, "冷蔵庫", 1, 300_000, "2022-07-01", true, "EnvironmentImprovement");

        // Take the purpose out of the stored event and of the list document, as they were stored before it existed.
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = c.Tenant.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        Assert.Equal(1, await StripPurposeAsync<long>(conn, "select seq_id, data::text from hidamari.mt_events where type = 'equipment_purchase_recorded'",
            "update hidamari.mt_events set data = $2::jsonb where seq_id = $1"));
        Assert.Equal(1, await StripPurposeAsync<Guid>(conn, "select id, data::text from hidamari.mt_doc_equipmentlist",
            "update hidamari.mt_doc_equipmentlist set data = $2::jsonb where id = $1"));

        var line = Assert.Single((await Get<List<GroupHomeEquipment>>(c.Manager, c.Equipment)).Single().Lines);
        Assert.Equal((id, EquipmentPurpose.General), (line.Id, line.Purpose));
        await using (var session = portal.Services.GetRequiredService<TenantStores>().QuerySession(c.Tenant))
        {
            var replayed = await session.Events.AggregateStreamAsync<EquipmentList>(EquipmentList.StreamIdFor(c.Kamiuma), token: Ct);
            Assert.Equal(EquipmentPurpose.General, Assert.Single(replayed!.Lines).Purpose);
        }

        // As general equipment it is drafted as 備品購入費, and its purpose can be set now.
        var opening = await PublishAsync(portal.ClientFor(ward, "approver"), ward, "gh-opening", ProgrammeTemplates.GroupHomeOpeningId);
        Assert.Equal([("equipment-1", OpeningCostKind.Equipment, 300_000L, "equipment:上馬ホーム")],
            Shape((await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{opening}/proposal")).Items));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(c.Manager, $"{c.Equipment}/{c.Kamiuma}/{id}/purpose", new { purpose = "EnvironmentImprovement" }));
        Assert.Empty((await Get<GrantProposal>(c.Manager, $"{c.Grants}/programmes/{opening}/proposal")).Items);
    }

    /// Removes every "purpose" member (at any depth) from the JSON of the rows read; the number of rows changed.
    private static async Task<int> StripPurposeAsync<TKey>(NpgsqlConnection conn, string select, string update)
    {
        var rows = new List<(TKey Key, string Json)>();
        await using (var read = new NpgsqlCommand(select, conn))
        await using (var reader = await read.ExecuteReaderAsync(Ct))
            while (await reader.ReadAsync(Ct)) rows.Add((reader.GetFieldValue<TKey>(0), reader.GetString(1)));
        var changed = 0;
        foreach (var (id, json) in rows)
        {
            var node = JsonNode.Parse(json)!;
            if (!Strip(node)) continue;
            var stripped = node.ToJsonString();
            Assert.DoesNotContain("urpose", stripped, StringComparison.Ordinal);
            await using var write = new NpgsqlCommand(update, conn);
            write.Parameters.AddWithValue(id!);
            write.Parameters.AddWithValue(stripped);
            changed += await write.ExecuteNonQueryAsync(Ct);
        }
        return changed;
    }

    private static bool Strip(JsonNode? node)
    {
        var found = false;
        if (node is JsonObject o)
        {
            foreach (var k in o.Select(p => p.Key).Where(k => string.Equals(k, "purpose", StringComparison.OrdinalIgnoreCase)).ToList()) found |= o.Remove(k);
            foreach (var v in o.Select(p => p.Value).ToList()) found |= Strip(v);
        }
        else if (node is JsonArray a)
        {
            foreach (var v in a.ToList()) found |= Strip(v);
        }
        return found;
    }

    private async Task<int> EventsAsync(TenantInfo tenant)
    {
        await using var session = portal.Services.GetRequiredService<TenantStores>().QuerySession(tenant);
        return await session.Events.QueryRawEventDataOnly<EquipmentPurchaseRecorded>().CountAsync(Ct)
            + await session.Events.QueryRawEventDataOnly<EquipmentPurposeChanged>().CountAsync(Ct);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");
}
