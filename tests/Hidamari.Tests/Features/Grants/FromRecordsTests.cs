using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Purchases;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Portal.Features.Subsidies.Engine;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// <summary>Items proposed from recorded data, pure: equipment lists, leases and the training plan for an application;
/// purchases made, lease costs due and sessions held for the 実績報告.</summary>
[Trait("Category", "Grants")]
public sealed class FromRecordsTests
{
    private static readonly Guid Kamiuma = Guid.Parse("00000000-0000-7000-8000-0000000000e1");
    private static readonly Guid Nozawa = Guid.Parse("00000000-0000-7000-8000-0000000000e2");
    private static readonly Guid SeniorCourse = Guid.Parse("00000000-0000-7000-8000-0000000000f1");
    private static readonly Guid ExternalCourse = Guid.Parse("00000000-0000-7000-8000-0000000000f2");
    private static readonly Guid InternalCourse = Guid.Parse("00000000-0000-7000-8000-0000000000f3");

    private static EquipmentPurchase Line(string item, int quantity, long unitPrice, DateOnly on, bool purchased) =>
        new(Guid.NewGuid(), item, quantity, unitPrice, purchased ? null : on, purchased ? on : null, "家具店");

    private static GroupHomeLeaseCosts Lease(Guid home, string name, long keyMoney, long brokerage, long monthlyRent) =>
        new(home, name, 2022, null,
            [.. Enumerable.Range(0, 12).Select(i => new MonthlyLeaseCost(new DateOnly(2022, 4, 1).AddMonths(i), monthlyRent, 0))],
            [new OneOffLeaseCost(Guid.NewGuid(), OneOffCostKind.KeyMoney, new(2022, 5, 1), keyMoney), new OneOffLeaseCost(Guid.NewGuid(), OneOffCostKind.BrokerageFee, new(2022, 5, 1), brokerage),
             new OneOffLeaseCost(Guid.NewGuid(), OneOffCostKind.GuarantorFee, new(2022, 5, 1), 75_000)],
            300_000, 0);

    private static TrainingSession Session(DateOnly on, long cost, int attendees) =>
        new(Guid.NewGuid(), on, "研修センター", 6, cost, [.. Enumerable.Range(0, attendees).Select(_ => new Attendance(Guid.NewGuid(), 6, true, null))]);

    /// 令和4年度: 上馬 bought 1,800,000 and plans 300,000 (and bought something the year after); 野沢 plans 1,000,000;
    /// 上馬's lease: 礼金 150,000 + 仲介 165,000, rent 150,000 a month; 基幹的職員研修 20,000 × 2 planned, one held;
    /// an external course 30,000 × 3 planned, one session (5,000) with 2 attendees; an internal course without fee.
    private static RecordedData Fy2022() => new(2022,
        [
            new(Kamiuma, "上馬ホーム", new(2022, 6, 1),
            [
                Line("居室の家具一式", 4, 450_000, new(2022, 5, 20), purchased: true),
                Line("冷蔵庫", 1, 300_000, new(2022, 7, 1), purchased: false),
                Line("エアコン", 1, 200_000, new(2023, 4, 10), purchased: true),
            ], 3),
            new(Nozawa, "野沢ホーム", new(2022, 10, 1), [Line("エアコン", 5, 200_000, new(2022, 9, 1), purchased: false)], 1),
        ],
        new CorporationLeaseCosts(2022, null, [Lease(Kamiuma, "上馬ホーム", 150_000, 165_000, 150_000)]),
        [
            new(SeniorCourse, "基幹的職員研修", TrainingProvider.External, TrainingCategory.SeniorStaff, 30, 20_000, null, [], [Session(new(2022, 11, 15), 0, 1)]),
            new(ExternalCourse, "子どもの権利擁護研修", TrainingProvider.External, TrainingCategory.QualityImprovement, 6, 30_000, null, [],
                [Session(new(2022, 9, 1), 5_000, 2), Session(new(2021, 9, 1), 0, 4)]),
            new(InternalCourse, "法人内研修", TrainingProvider.Internal, TrainingCategory.QualityImprovement, 3, 0, null, [], []),
        ],
        new TrainingPlan(TrainingPlan.StreamIdFor(2022), 2022, [new(SeniorCourse, 2, 50_000), new(ExternalCourse, 3, 90_000), new(InternalCourse, 10, 0)]));

    private static GrantProgramme Opening() => ProgrammeTemplates.All(T0).Single(p => p.Id == ProgrammeTemplates.GroupHomeOpeningId);

    private static GrantProgramme Training() => ProgrammeTemplates.All(T0).Single(p => p.Id == ProgrammeTemplates.StaffDevelopmentId);

    private static (string, OpeningCostKind, long, string, int?)[] Shape(IEnumerable<GrantItem> items) =>
        [.. items.Select(i => (i.Key, i.Kind, i.Yen, i.Source, i.Participants))];

    [Fact]
    public void An_opening_draft_takes_the_equipment_of_the_year_per_home_and_the_leases_key_money_and_brokerage()
    {
        var items = FromRecords.Draft(Opening(), Fy2022());

        // Planned and bought lines of the year; not the one bought in 令和5年度; rent and training are not funded here.
        Assert.Equal(
        [
            ("equipment-1", OpeningCostKind.Equipment, 2_100_000L, "equipment:上馬ホーム", (int?)null),
            ("equipment-2", OpeningCostKind.Equipment, 1_000_000L, "equipment:野沢ホーム", null),
            ("lease-1", OpeningCostKind.InitialLease, 315_000L, "lease:上馬ホーム", null),
        ], Shape(items));
    }

    [Fact]
    public void A_training_draft_takes_each_planned_course_fee_times_its_planned_participants()
    {
        var items = FromRecords.Draft(Training(), Fy2022());

        Assert.Equal(
        [
            ("training-1", OpeningCostKind.Supervision, 40_000L, "training:基幹的職員研修", (int?)2),
            ("training-2", OpeningCostKind.TrainingFee, 90_000L, "training:子どもの権利擁護研修", 3),
        ], Shape(items));
        var figures = GrantCalculation.Compute(Training(), 1, items, Fy2011Seed.Table());
        Assert.Equal((130_000L, 65_000L), (figures.GrantYen, figures.NationalYen));
    }

    [Fact]
    public void Actuals_take_purchases_made_and_sessions_held_in_the_year_only()
    {
        var data = Fy2022();

        Assert.Equal(
        [
            ("equipment-1", OpeningCostKind.Equipment, 1_800_000L, "equipment:上馬ホーム", (int?)null),
            ("lease-1", OpeningCostKind.InitialLease, 315_000L, "lease:上馬ホーム", null),
        ], Shape(FromRecords.Actuals(Opening(), data)));
        // Session costs plus the fee of each attendee: 20,000 × 1; 5,000 + 30,000 × 2 (the 令和3年度 session is not counted).
        Assert.Equal(
        [
            ("training-1", OpeningCostKind.Supervision, 20_000L, "training:基幹的職員研修", (int?)1),
            ("training-2", OpeningCostKind.TrainingFee, 65_000L, "training:子どもの権利擁護研修", 2),
        ], Shape(FromRecords.Actuals(Training(), data)));
    }

    [Fact]
    public void Actuals_match_decided_items_by_source_and_a_typed_item_takes_the_sum_of_its_kind()
    {
        var actuals = FromRecords.Actuals(Opening(), Fy2022());
        var decided = new[]
        {
            new GrantItem("equipment-1", OpeningCostKind.Equipment, "上馬ホーム 備品", 2_100_000, "equipment:上馬ホーム"),
            new GrantItem("equipment-2", OpeningCostKind.Equipment, "野沢ホーム 備品", 1_000_000, "equipment:野沢ホーム"),
            new GrantItem("key-money", OpeningCostKind.InitialLease, "礼金等（手入力）", 400_000),
        };

        var proposal = FromRecords.Match(2022, decided, actuals);

        // 野沢 bought nothing yet: its recorded actual is nil; the typed lease item takes the recorded lease costs.
        Assert.Equal([1_800_000L, 0L, 315_000L], proposal.Items.Select(i => i.Yen));
        Assert.Equal(decided.Select(d => d.Key), proposal.Items.Select(i => i.Key));
        Assert.Empty(proposal.NotRecorded);
        Assert.Empty(proposal.Unmatched);

        var typed = FromRecords.Match(2022, [new GrantItem("equipment", OpeningCostKind.Equipment, "備品（2か所）", 3_100_000),
            new GrantItem("other", OpeningCostKind.Equipment, "別の備品", 10_000)], actuals);
        Assert.Equal([3_100_000L, 10_000L], typed.Items.Select(i => i.Yen));
        Assert.Equal(["equipment", "other"], typed.NotRecorded);
        Assert.Equal(["equipment:上馬ホーム", "lease:上馬ホーム"], typed.Unmatched.Select(u => u.Source));
    }

    [Fact]
    public void Merging_replaces_items_of_the_same_source_keeps_typed_ones_and_never_reuses_a_key()
    {
        var current = new[]
        {
            new GrantItem("equipment-1", OpeningCostKind.Equipment, "古い見積", 1_000_000, "equipment:上馬ホーム"),
            new GrantItem("lease-1", OpeningCostKind.InitialLease, "手入力の礼金", 100_000),
        };

        var merged = FromRecords.Merge(current, FromRecords.Draft(Opening(), Fy2022()));

        Assert.Equal(
        [
            ("equipment-1", OpeningCostKind.Equipment, 2_100_000L, "equipment:上馬ホーム", (int?)null),
            ("lease-1", OpeningCostKind.InitialLease, 100_000L, "manual", null),
            ("equipment-2", OpeningCostKind.Equipment, 1_000_000L, "equipment:野沢ホーム", null),
            ("lease-1-2", OpeningCostKind.InitialLease, 315_000L, "lease:上馬ホーム", null),
        ], Shape(merged));
        Assert.True(Drafting.DistinctKeys(merged));
    }

    [Fact]
    public void The_homes_opening_in_the_year_are_named_with_the_proposal() =>
        Assert.Equal(["上馬ホーム", "野沢ホーム"], FromRecords.OpeningHomes(Fy2022()));

    [Fact]
    public void Nothing_recorded_proposes_nothing()
    {
        var empty = new RecordedData(2022, [], new CorporationLeaseCosts(2022, null, []), [], null);

        Assert.Empty(FromRecords.Draft(Opening(), empty));
        Assert.Empty(FromRecords.Actuals(Training(), empty));
    }
}
