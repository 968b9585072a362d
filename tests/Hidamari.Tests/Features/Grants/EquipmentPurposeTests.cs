using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Subsidies.Engine;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// <summary>The purpose (用途) of an equipment line, pure: which names a client may send, the decisions that record and
/// change it, and how drafts and 実績報告 from records turn 多機能化 and 環境改善 lines into those cost kinds.</summary>
[Trait("Category", "Grants")]
public sealed class EquipmentPurposeTests
{
    private static readonly Guid Kamiuma = Guid.Parse("00000000-0000-7000-8000-0000000000e1");
    private static readonly Guid Nozawa = Guid.Parse("00000000-0000-7000-8000-0000000000e2");

    private static EquipmentPurchase Line(string item, int quantity, long unitPrice, DateOnly on, bool purchased, EquipmentPurpose purpose = EquipmentPurpose.General) =>
        new(Guid.NewGuid(), item, quantity, unitPrice, purchased ? null : on, purchased ? on : null, "家具店", purpose);

    /// 令和4年度, 上馬: general furniture bought (1,800,000), 多機能化 equipment bought (500,000) and planned (100,000),
    /// 環境改善 planned (480,000), and a 多機能化 line of 令和5年度; 野沢: 環境改善 bought (360,000).
    private static RecordedData Fy2022() => new(2022,
        [
            new(Kamiuma, "上馬ホーム", new(2022, 6, 1),
            [
                Line("居室の家具一式", 4, 450_000, new(2022, 5, 20), purchased: true),
                Line("一時保護用の居室備品", 2, 250_000, new(2022, 8, 1), purchased: true, EquipmentPurpose.MultifunctionConversion),
                Line("面会室の家具", 1, 100_000, new(2022, 11, 1), purchased: false, EquipmentPurpose.MultifunctionConversion),
                Line("防音パネル", 4, 120_000, new(2022, 9, 1), purchased: false, EquipmentPurpose.EnvironmentImprovement),
                Line("里親支援室の備品", 1, 700_000, new(2023, 4, 10), purchased: true, EquipmentPurpose.MultifunctionConversion),
            ], 5),
            new(Nozawa, "野沢ホーム", new(2022, 10, 1), [Line("遮光カーテン", 3, 120_000, new(2022, 10, 5), purchased: true, EquipmentPurpose.EnvironmentImprovement)], 1),
        ],
        new CorporationLeaseCosts(2022, null, []), [], null);

    private static GrantProgramme Template(Guid id) => ProgrammeTemplates.All(T0).Single(p => p.Id == id);

    private static (string, OpeningCostKind, long, string)[] Shape(IEnumerable<GrantItem> items) =>
        [.. items.Select(i => (i.Key, i.Kind, i.Yen, i.Source))];

    public static TheoryData<string?, bool, EquipmentPurpose> Names => new()
    {
        { null, true, EquipmentPurpose.General },
        { "", true, EquipmentPurpose.General },
        { "General", true, EquipmentPurpose.General },
        { "MultifunctionConversion", true, EquipmentPurpose.MultifunctionConversion },
        { "EnvironmentImprovement", true, EquipmentPurpose.EnvironmentImprovement },
        // Only the exact member names: no other casing, no numbers, no combinations, nothing else.
        { "general", false, EquipmentPurpose.General },
        { "1", false, EquipmentPurpose.General },
        { "General, EnvironmentImprovement", false, EquipmentPurpose.General },
        { "Furniture", false, EquipmentPurpose.General },
        { " General", false, EquipmentPurpose.General },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void A_purpose_is_named_by_its_member_name_exactly(string? name, bool known, EquipmentPurpose expected)
    {
        Assert.Equal(known, EquipmentPurposes.TryParse(name, out var purpose));
        if (known) Assert.Equal(expected, purpose);
        Assert.Equal(known, new RecordEquipmentPurchaseValidator().Validate(
            new RecordEquipmentPurchase(Kamiuma, "冷蔵庫", 1, 300_000, new(2022, 7, 1), false, Purpose: name)).IsValid);
    }

    [Fact]
    public void Each_purpose_maps_to_its_cost_kind()
    {
        Assert.Equal(
            [OpeningCostKind.Equipment, OpeningCostKind.MultifunctionConversion, OpeningCostKind.EnvironmentImprovement],
            Enum.GetValues<EquipmentPurpose>().Select(EquipmentPurposes.CostKind));
    }

    [Fact]
    public void A_line_is_recorded_with_its_purpose_and_its_purpose_changes_by_an_event_that_says_from_and_to()
    {
        var listId = EquipmentList.StreamIdFor(Kamiuma);
        var purchaseId = Guid.NewGuid();
        var recorded = PurchaseDecisions.Record(listId, purchaseId, true,
            new RecordEquipmentPurchase(Kamiuma, "防音パネル", 4, 120_000, new(2022, 9, 1), false, Purpose: "EnvironmentImprovement"));
        Assert.Equal(EquipmentPurpose.EnvironmentImprovement, recorded.Event!.Purpose);
        Assert.Equal("Grants.Error.EquipmentPurpose", PurchaseDecisions.Record(listId, purchaseId, true,
            new RecordEquipmentPurchase(Kamiuma, "防音パネル", 4, 120_000, new(2022, 9, 1), false, Purpose: "Soundproofing")).MessageKey);
        var list = EquipmentList.Create(recorded.Event);
        Assert.Equal(EquipmentPurpose.EnvironmentImprovement, list.Line(purchaseId)!.Purpose);

        var changed = PurchaseDecisions.ChangePurpose(list, purchaseId, new ChangeEquipmentPurpose("MultifunctionConversion"));
        Assert.Equal(new EquipmentPurposeChanged(listId, purchaseId, EquipmentPurpose.EnvironmentImprovement, EquipmentPurpose.MultifunctionConversion), changed.Event);
        list = list.Apply(changed.Event!);
        Assert.Equal(EquipmentPurpose.MultifunctionConversion, list.Line(purchaseId)!.Purpose);

        Assert.Equal("Grants.Error.PurposeUnchanged", PurchaseDecisions.ChangePurpose(list, purchaseId, new ChangeEquipmentPurpose("MultifunctionConversion")).MessageKey);
        Assert.Equal("Grants.Error.EquipmentPurpose", PurchaseDecisions.ChangePurpose(list, purchaseId, new ChangeEquipmentPurpose("2")).MessageKey);
        Assert.Equal("Grants.Error.PurchaseNotFound", PurchaseDecisions.ChangePurpose(list, Guid.NewGuid(), new ChangeEquipmentPurpose("General")).MessageKey);
        Assert.False(new ChangeEquipmentPurposeValidator().Validate(new ChangeEquipmentPurpose("")).IsValid);
    }

    [Fact]
    public void A_line_recorded_without_a_purpose_is_general()
    {
        var e = new EquipmentPurchaseRecorded(Guid.NewGuid(), Kamiuma, Guid.NewGuid(), "冷蔵庫", 1, 300_000, new(2022, 7, 1), false, "");
        Assert.Equal(EquipmentPurpose.General, EquipmentList.Create(e).Lines.Single().Purpose);
        Assert.Equal(EquipmentPurpose.General, PurchaseDecisions.Record(Guid.NewGuid(), Guid.NewGuid(), true,
            new RecordEquipmentPurchase(Kamiuma, "冷蔵庫", 1, 300_000, new(2022, 7, 1), false)).Event!.Purpose);
    }

    [Fact]
    public void A_multifunction_and_environment_draft_takes_those_lines_of_the_year_per_home_with_the_equipment_list_as_source()
    {
        var items = FromRecords.Draft(Template(ProgrammeTemplates.MultifunctionEnvironmentId), Fy2022());

        // Planned and bought lines of the year; not the 令和5年度 one; general furniture is not funded by this programme.
        Assert.Equal(
        [
            ("multifunction-1", OpeningCostKind.MultifunctionConversion, 500_000L + 100_000L, "equipment:上馬ホーム"),
            ("environment-1", OpeningCostKind.EnvironmentImprovement, 480_000L, "equipment:上馬ホーム"),
            ("environment-2", OpeningCostKind.EnvironmentImprovement, 360_000L, "equipment:野沢ホーム"),
        ], Shape(items));
        Assert.Equal(["上馬ホーム 多機能化のための備品・改修（3点）", "上馬ホーム 環境改善のための備品（4点）", "野沢ホーム 環境改善のための備品（3点）"],
            items.Select(i => i.Description));
        Assert.All(items, i => Assert.True(FromRecords.IsRecorded(i.Source)));
    }

    [Fact]
    public void An_opening_draft_takes_only_the_general_lines_as_equipment()
    {
        var items = FromRecords.Draft(Template(ProgrammeTemplates.GroupHomeOpeningId), Fy2022());
        Assert.Equal([("equipment-1", OpeningCostKind.Equipment, 1_800_000L, "equipment:上馬ホーム")], Shape(items));
    }

    [Fact]
    public void The_report_takes_the_purchased_lines_per_purpose_and_matches_them_to_the_decided_items_by_kind_and_source()
    {
        var programme = Template(ProgrammeTemplates.MultifunctionEnvironmentId);
        var decided = FromRecords.Draft(programme, Fy2022());
        var actuals = FromRecords.Actuals(programme, Fy2022());
        Assert.Equal(
        [
            ("multifunction-1", OpeningCostKind.MultifunctionConversion, 500_000L, "equipment:上馬ホーム"),
            ("environment-1", OpeningCostKind.EnvironmentImprovement, 360_000L, "equipment:野沢ホーム"),
        ], Shape(actuals));

        // 上馬's 環境改善 was only planned: nil actual cost; the others take what was bought.
        var report = FromRecords.Match(2022, decided, actuals);
        Assert.Equal(
        [
            ("multifunction-1", OpeningCostKind.MultifunctionConversion, 500_000L, "equipment:上馬ホーム"),
            ("environment-1", OpeningCostKind.EnvironmentImprovement, 0L, "equipment:上馬ホーム"),
            ("environment-2", OpeningCostKind.EnvironmentImprovement, 360_000L, "equipment:野沢ホーム"),
        ], Shape(report.Items));
        Assert.Empty(report.NotRecorded);
        Assert.Empty(report.Unmatched);
    }

    [Fact]
    public void Merging_a_proposal_keeps_equipment_and_multifunction_items_of_the_same_home_apart()
    {
        var current = new List<GrantItem> { new("equipment-1", OpeningCostKind.Equipment, "上馬ホーム 備品購入費（4点）", 1_800_000, "equipment:上馬ホーム") };
        var proposed = FromRecords.Draft(Template(ProgrammeTemplates.MultifunctionEnvironmentId), Fy2022());
        var merged = FromRecords.Merge(current, proposed);
        Assert.Equal(4, merged.Count);
        Assert.Equal(1_800_000, merged.Single(i => i.Kind == OpeningCostKind.Equipment).Yen);
        Assert.Equal(600_000, merged.Single(i => i.Kind == OpeningCostKind.MultifunctionConversion).Yen);
    }
}
