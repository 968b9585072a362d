using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// <summary>The cost kinds beyond a GH opening (多機能化, 研修受講費, 基幹的職員・スーパービジョン, 環境改善): split by the rate
/// table's CostShare rows through the engine, with its rounding and the programmes' caps per home or per participant.</summary>
[Trait("Category", "Grants")]
public sealed class GrantCostKindTests
{
    private static readonly DateTimeOffset At = new(2022, 4, 1, 9, 0, 0, TimeSpan.FromHours(9));

    private static GrantProgramme Template(Guid id) => ProgrammeTemplates.All(At).Single(p => p.Id == id);

    [Theory]
    // kind, cost, homes, participants → cap, eligible, national, prefecture, owner, grant
    // 職員の資質向上 (国1/2, 都道府県等1/2), 研修受講費 capped at 100,000 per participant: rounding down gives the ward the odd yen.
    [InlineData(OpeningCostKind.TrainingFee, 150_001, 1, 2, 200_000, 150_001, 75_000, 75_001, 0, 150_001)]
    [InlineData(OpeningCostKind.TrainingFee, 350_000, 1, 3, 300_000, 300_000, 150_000, 150_000, 0, 300_000)]
    // 基幹的職員・スーパービジョン capped at 600,000 per home.
    [InlineData(OpeningCostKind.Supervision, 700_000, 1, null, 600_000, 600_000, 300_000, 300_000, 0, 600_000)]
    [InlineData(OpeningCostKind.Supervision, 700_000, 2, null, 1_200_000, 700_000, 350_000, 350_000, 0, 700_000)]
    // 多機能化 = 施設整備 as 地域分散化 (国2/3, 都道府県1/12, 設置者1/4), no cap: 2/3 of 10,000,000 rounds down.
    [InlineData(OpeningCostKind.MultifunctionConversion, 10_000_000, 1, null, null, 10_000_000, 6_666_666, 833_334, 2_500_000, 7_500_000)]
    // 環境改善 as 地域分散化 (国2/3, 都道府県1/3), capped at 2,000,000 per home.
    [InlineData(OpeningCostKind.EnvironmentImprovement, 2_500_000, 1, null, 2_000_000, 2_000_000, 1_333_333, 666_667, 0, 2_000_000)]
    [InlineData(OpeningCostKind.EnvironmentImprovement, 1_000_001, 1, null, 2_000_000, 1_000_001, 666_667, 333_334, 0, 1_000_001)]
    public void New_kinds_are_split_by_the_rate_rows_with_the_tables_rounding_and_the_programmes_caps(
        OpeningCostKind kind, long cost, int homes, int? participants, int? cap, long eligible, long national, long prefecture, long owner, long grant)
    {
        var programme = kind is OpeningCostKind.TrainingFee or OpeningCostKind.Supervision
            ? Template(ProgrammeTemplates.StaffDevelopmentId)
            : Template(ProgrammeTemplates.MultifunctionEnvironmentId);

        var figures = GrantCalculation.Compute(programme, homes, [new GrantItem("x", kind, "費目", cost, "manual", participants)], Fy2011Seed.Table());

        var line = Assert.Single(figures.Lines);
        Assert.True(line.Eligible);
        Assert.Empty(figures.Warnings);
        Assert.Equal(((long?)cap, eligible), (line.CapYen, line.EligibleYen));
        Assert.Equal((national, prefecture, owner, grant), (line.NationalYen, line.PrefectureYen, line.OwnerYen, line.GrantYen));
        Assert.Equal(eligible, line.NationalYen + line.PrefectureYen + line.MunicipalityYen + line.OwnerYen);
        // Every figure cites its programme version and the rate-table version that split it.
        Assert.Equal((programme.Key, 1, Fy2011Seed.Id, 1), (figures.Programme.Key, figures.Programme.Version, figures.TableId, figures.TableNumber));
    }

    [Fact]
    public void The_grant_is_the_engines_own_split_of_the_eligible_base()
    {
        var programme = Template(ProgrammeTemplates.MultifunctionEnvironmentId);
        var items = new[]
        {
            new GrantItem("conversion", OpeningCostKind.MultifunctionConversion, "一時保護専用室への改修", 9_000_000),
            new GrantItem("environment", OpeningCostKind.EnvironmentImprovement, "防音・断熱改修", 1_500_000),
        };

        var figures = GrantCalculation.Compute(programme, 1, items, Fy2011Seed.Table());
        var engine = OpeningCosts.Split(new OpeningCostPlan(2022,
        [
            new OpeningCostItem("本体", OpeningCostKind.MultifunctionConversion, "改修", 9_000_000, Programmes.FacilityWorksDecentralized),
            new OpeningCostItem("GH", OpeningCostKind.EnvironmentImprovement, "環境改善", 1_500_000, Programmes.EnvironmentImprovementDecentralized),
        ], []), Fy2011Seed.Table());

        Assert.Equal(engine.NationalSubsidyYen, figures.NationalYen);
        Assert.Equal(engine.OwnerYen, figures.OwnerYen);
        Assert.Equal((6_000_000L + 1_000_000L, 2_250_000L), (figures.NationalYen, figures.OwnerYen));
        Assert.Equal(10_500_000, engine.TotalExpenditureYen);
        Assert.Equal((9_000_000L, 1_500_000L, 10_500_000L), (engine.KindYen(OpeningCostKind.MultifunctionConversion), engine.KindYen(OpeningCostKind.EnvironmentImprovement), engine.OtherKindsYen));
        Assert.Empty(engine.Warnings);
    }

    [Fact]
    public void The_seed_table_states_shares_for_every_programme_a_grant_item_may_use()
    {
        var table = Fy2011Seed.Table();

        foreach (var programme in Programmes.All)
        {
            var rows = table.Rows(RateItems.CostShare).Where(r => r.Key == programme).ToList();
            Assert.Contains(rows, r => r.Party == CostParty.National);
            // The shares of the parties add up to the whole (the prefecture's row included).
            Assert.Equal(1m, rows.Sum(r => (decimal)r.Share!.Value.Numerator / r.Share.Value.Denominator), 10);
        }
        Assert.Empty(Fy2011Seed.MissingGrantShares(table.Entries));
        // A store seeded before these rows gets exactly them as a correction.
        var before = table.Entries.Where(e => e.Key is not (Programmes.StaffDevelopment or Programmes.EnvironmentImprovementDecentralized)).ToList();
        Assert.Equal(4, Fy2011Seed.MissingGrantShares(before).Count);
        Assert.Equal(Fy2011Seed.GrantShares(), Fy2011Seed.MissingGrantShares(before));
    }

    [Fact]
    public void A_store_seeded_without_the_grant_shares_gets_them_as_a_correction_of_the_seed_version()
    {
        var table = Fy2011Seed.Table();
        var old = table.Entries.Where(e => e.Key is not (Programmes.StaffDevelopment or Programmes.EnvironmentImprovementDecentralized)).ToList();
        RateTableVersion Seeded(IReadOnlyList<RateEntry> entries, Guid? supersededBy = null) => new(Fy2011Seed.Id, 1, table.Jurisdiction, table.FiscalYear,
            table.EffectiveFrom, table.Notice, table.Rounding, entries, null, supersededBy, supersededBy is null ? null : 2, []);

        var correction = RateTableCommands.SeedCorrection(Seeded(old))!;

        Assert.Equal((Fy2011Seed.Id, table.EffectiveFrom, table.Notice, table.Rounding), (correction.Supersedes!.Value, correction.EffectiveFrom, correction.Notice, correction.Rounding));
        Assert.Equal([.. old, .. Fy2011Seed.GrantShares()], correction.Entries);
        Assert.Null(RateTableCommands.SeedCorrection(Seeded(table.Entries)));
        Assert.Null(RateTableCommands.SeedCorrection(Seeded(old, supersededBy: Guid.NewGuid())));
        Assert.Null(RateTableCommands.SeedCorrection(null));
    }

    [Fact]
    public void Without_participants_a_per_participant_cap_leaves_nothing_eligible_and_the_check_refuses_the_draft()
    {
        var programme = Template(ProgrammeTemplates.StaffDevelopmentId);
        var fee = new GrantItem("fee", OpeningCostKind.TrainingFee, "外部研修受講費", 80_000);

        var figures = GrantCalculation.Compute(programme, 1, [fee], Fy2011Seed.Table());
        var findings = ProgrammeCheck.Check(programme, 1, [fee], new DateOnly(2022, 5, 1), false);

        Assert.Equal((0L, 0L), (figures.Lines[0].EligibleYen, figures.GrantYen));
        Assert.Contains(findings, f => f is { MessageKey: "Grants.Error.ParticipantsRequired", IsError: true, Item: "fee" });
        Assert.DoesNotContain(ProgrammeCheck.Check(programme, 1, [fee with { Participants = 1 }], new DateOnly(2022, 5, 1), false), f => f.IsError);
        Assert.Contains(ProgrammeCheck.Check(programme, 1, [fee with { Participants = 1, Yen = 100_001 }], new DateOnly(2022, 5, 1), false),
            f => f is { MessageKey: "Grants.Warning.AboveCap", IsError: false });
    }

    [Theory]
    // cap per home, cap per participant, homes, participants → cap
    [InlineData(600_000L, 100_000L, 2, 3, 300_000L)]
    [InlineData(600_000L, 100_000L, 1, 9, 600_000L)]
    [InlineData(null, 100_000L, 3, 4, 400_000L)]
    [InlineData(600_000L, null, 3, 4, 1_800_000L)]
    [InlineData(null, null, 3, 4, null)]
    public void With_both_caps_the_smaller_applies(long? perHome, long? perParticipant, int homes, int participants, long? cap) =>
        Assert.Equal(cap, new ProgrammeItem(OpeningCostKind.TrainingFee, "研修", Programmes.StaffDevelopment, perHome, perParticipant).CapFor(homes, participants));

    [Fact]
    public void Settling_counts_the_people_who_actually_took_part_never_more_than_decided()
    {
        var decided = new[] { new GrantItem("fee", OpeningCostKind.TrainingFee, "研修", 300_000, "training:研修", 3) };

        Assert.Equal((200_000L, 2), Single(GrantCalculation.Settle(decided, [decided[0] with { Yen = 200_000, Participants = 2 }])));
        Assert.Equal((300_000L, 3), Single(GrantCalculation.Settle(decided, [decided[0] with { Yen = 500_000, Participants = 5 }])));
        Assert.Equal((0L, 0), Single(GrantCalculation.Settle(decided, [])));

        static (long, int?) Single(IReadOnlyList<GrantItem> items) => (items[0].Yen, items[0].Participants);
    }

    [Fact]
    public void The_setagaya_opening_figures_are_unchanged_by_the_new_kinds()
    {
        var figures = Compute([Equipment]);

        Assert.Equal((16_000_000L, 8_000_000L), (figures.EligibleYen, figures.NationalYen));
        Assert.Null(figures.Lines[0].Participants);
        Assert.Equal(34_098_000, OpeningCosts.Split(OpeningCosts.SetagayaFy2022(), Fy2011Seed.Table()).TotalExpenditureYen);
    }
}
