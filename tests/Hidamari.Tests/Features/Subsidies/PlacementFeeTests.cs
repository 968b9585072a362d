using FsCheck;
using FsCheck.Xunit;
using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Tests.Features.Subsidies;

[Trait("Category", "Subsidies")]
public sealed class PlacementFeeTests
{
    private static readonly DateOnly May2011 = new(2011, 5, 1);

    private static PlacementFeeStatement Fy2011(FacilityMonthState state, DateOnly? month = null) =>
        PlacementFee.Estimate(state, month ?? May2011, Fy2011Seed.Table());

    [Fact]
    public void The_capacity_45_example_of_seed_001_reproduces_every_line_to_the_yen()
    {
        var statement = Fy2011(Fy2011Seed.Capacity45Example());

        var units = statement.Lines.ToDictionary(l => l.Code, l => l.UnitYen);
        Assert.Equal(125_920, units["BasicProtection"]);
        Assert.Equal(9_050, units["SmallFacility"]);
        Assert.Equal(35_550, units["StaffAddOn:Psychologist+Nurse+IndividualCare+FamilySupport+Senior"]);
        Assert.Equal(47_430, units["GeneralLiving"]);
        Assert.Equal(11_500, units["OtherBudgetAverage"]);
        // 民改費 9% of the 事務費 per child 125,920 + 9,050 + 35,550 = 170,520 → 15,346.8, 円未満切り捨て.
        Assert.Equal(15_346, units["PrivateImprovement"]);
        Assert.Equal(244_796, statement.PerChildTotal);
        Assert.InRange(statement.PerChildTotal, 244_000, 246_000);
        Assert.Equal(244_796 * 45, statement.Total);
        Assert.True(statement.IsComplete);
        Assert.All(statement.Lines, l => Assert.Equal(1, l.Citation.TableNumber));
        Assert.All(statement.Lines, l => Assert.Equal(Fy2011Seed.Id, l.Citation.TableId));
        Assert.Equal(RoundingRule.Floor, statement.Rounding);
    }

    [Fact]
    public void The_statement_shows_that_the_9_percent_class_is_the_one_that_reaches_about_245000()
    {
        var improvement = Fy2011(Fy2011Seed.Capacity45Example()).Improvement!;

        Assert.Equal("9%", improvement.AppliedClass);
        Assert.Equal(170_520, improvement.BaseYen);
        Assert.Equal(["3%", "6%", "9%", "12%", "15%", "18%"], improvement.Options.Select(o => o.Class));
        var nearest = improvement.Options.MinBy(o => Math.Abs(o.PerChildTotal - 245_000))!;
        Assert.Equal("9%", nearest.Class);
    }

    [Theory]
    [InlineData("3%", RoundingRule.Floor, 5_115)]
    [InlineData("6%", RoundingRule.Floor, 10_231)]
    [InlineData("9%", RoundingRule.Floor, 15_346)]
    [InlineData("12%", RoundingRule.Floor, 20_462)]
    [InlineData("15%", RoundingRule.Floor, 25_578)]
    [InlineData("18%", RoundingRule.Floor, 30_693)]
    [InlineData("3%", RoundingRule.HalfUp, 5_116)]
    [InlineData("12%", RoundingRule.HalfUp, 20_462)]
    [InlineData("9%", RoundingRule.HalfUp, 15_347)]
    [InlineData("12%", RoundingRule.Ceiling, 20_463)]
    [InlineData("15%", RoundingRule.Ceiling, 25_578)]
    public void Private_improvement_is_the_class_percent_of_the_administration_per_child_rounded_by_the_tables_rule(
        string improvementClass, RoundingRule rounding, long expected)
    {
        var table = Fy2011Seed.Table() with { Rounding = rounding };
        var statement = PlacementFee.Estimate(Fy2011Seed.Capacity45Example() with { ImprovementClass = improvementClass }, May2011, table);

        Assert.Equal(expected, statement.Lines.Single(l => l.Code == "PrivateImprovement").UnitYen);
    }

    private static RateTable Banded(int number = 2, DateOnly? from = null, long bandA = 125_920, long bandB = 118_000) =>
        new(Guid.NewGuid(), number, RateTable.National, 2011, from ?? new DateOnly(2011, 4, 1), "test bands", RoundingRule.Floor,
        [
            .. Fy2011Seed.Entries().Where(e => e.Item is not (RateItems.BasicProtection or RateItems.StaffAddOn)),
            new(RateItems.BasicProtection, "", "ChildrensHome", "", 41, 45, bandA, null, null, null, "41–45"),
            new(RateItems.BasicProtection, "", "ChildrensHome", "", 46, 50, bandB, null, null, null, "46–50"),
        ]);

    [Theory]
    [InlineData(41, 125_920, true)]
    [InlineData(45, 125_920, true)]
    [InlineData(46, 118_000, false)]
    [InlineData(50, 118_000, false)]
    public void Capacity_bands_meet_at_45_and_46(int capacity, long basic, bool smallFacility)
    {
        var state = Fy2011Seed.Capacity45Example() with { Capacity = capacity, QualifyingPosts = [] };
        var statement = PlacementFee.Estimate(state, May2011, Banded());

        Assert.Equal(basic, statement.Lines.Single(l => l.Code == "BasicProtection").UnitYen);
        Assert.Equal(smallFacility, statement.Lines.Any(l => l.Code == "SmallFacility"));
        Assert.Equal(capacity, statement.Lines.Single(l => l.Code == "BasicProtection").Quantity);
    }

    [Fact]
    public void Capacity_46_with_the_fy2011_seed_is_incomplete_and_says_which_rates_are_missing()
    {
        var statement = Fy2011(Fy2011Seed.Capacity45Example() with { Capacity = 46 });

        Assert.False(statement.IsComplete);
        Assert.Contains(statement.Warnings, w => w is { Code: "MissingRate", Item: RateItems.BasicProtection });
        Assert.Contains(statement.Warnings, w => w.Code == "UncoveredPost");
        Assert.DoesNotContain(statement.Lines, l => l.Code is "BasicProtection" or "SmallFacility");
        Assert.Equal(statement.Lines.Sum(l => l.Amount), statement.Total);
    }

    [Fact]
    public void Administration_is_paid_by_capacity_and_operation_by_residents()
    {
        var state = Fy2011Seed.Capacity45Example() with { Residents = ResidentsByAge.Unbanded(40) };
        var statement = Fy2011(state);

        Assert.All(statement.Lines.Where(l => l.Part == StatementPart.Administration), l => Assert.Equal((45, QuantityBasis.Capacity), (l.Quantity, l.Basis)));
        Assert.All(statement.Lines.Where(l => l.Part == StatementPart.Operation), l => Assert.Equal((40, QuantityBasis.Residents), (l.Quantity, l.Basis)));
        Assert.Equal((125_920 + 9_050 + 35_550 + 15_346) * 45 + (47_430 + 11_500) * 40, statement.Total);
    }

    [Theory]
    [InlineData("2011-04-15", "2011-04-01", 6)]
    [InlineData("2011-04-15", "2011-09-01", 6)]
    [InlineData("2011-04-15", "2011-10-01", 4)]
    [InlineData("2011-04-01", "2012-03-01", 4)]
    public void A_family_home_is_paid_by_capacity_for_six_months_then_by_residents(string opened, string month, int paidFor)
    {
        var home = new FacilityMonthState("ファミリーホーム", SubsidyFacilityKind.FamilyHome, "", 6, ResidentsByAge.Unbanded(4), 0, [], [], "3%",
            DateOnly.Parse(opened, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(paidFor, PlacementFee.AdministrationCount(home, DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture)).Count);
    }

    [Fact]
    public void Add_ons_per_unit_and_per_home_are_priced_when_the_table_has_them_and_flagged_when_not()
    {
        var state = Fy2011Seed.Capacity45Example() with { SmallGroupCareUnits = 2, RegionalGroupHomes = [new("GH松原", 6)] };
        var seedOnly = Fy2011(state);
        Assert.Contains(seedOnly.Warnings, w => w is { Code: "MissingRate", Item: RateItems.SmallGroupCare });
        Assert.Contains(seedOnly.Warnings, w => w is { Code: "MissingRate", Item: RateItems.RegionalSmallHome });

        var table = Fy2011Seed.Table() with
        {
            Entries = [.. Fy2011Seed.Entries(),
                new(RateItems.SmallGroupCare, "", "ChildrensHome", "", null, null, 300_000, null, null, null, "SGC"),
                new(RateItems.RegionalSmallHome, "", "", "", 6, 6, 200_000, null, null, null, "GH6")],
        };
        var priced = PlacementFee.Estimate(state, May2011, table);
        Assert.True(priced.IsComplete);
        Assert.Equal(600_000, priced.Lines.Single(l => l.Code == "SmallGroupCare").Amount);
        Assert.Equal(1_200_000, priced.Lines.Single(l => l.Code == "RegionalSmallHome:GH松原").Amount);
    }

    [Fact]
    public void A_region_specific_row_wins_over_the_any_region_row()
    {
        var table = Fy2011Seed.Table() with
        {
            Entries = [.. Fy2011Seed.Entries(), new(RateItems.BasicProtection, "", "ChildrensHome", "特別区", 45, 45, 130_000, null, null, null, "特別区")],
        };
        Assert.Equal(130_000, PlacementFee.Estimate(Fy2011Seed.Capacity45Example() with { Region = "特別区" }, May2011, table)
            .Lines.Single(l => l.Code == "BasicProtection").UnitYen);
        Assert.Equal(125_920, PlacementFee.Estimate(Fy2011Seed.Capacity45Example(), May2011, table)
            .Lines.Single(l => l.Code == "BasicProtection").UnitYen);
    }

    public static TheoryData<string, int> MidYear => new()
    {
        { "2011-04-01", 1 }, { "2011-09-01", 1 }, { "2011-09-30", 1 }, { "2011-10-01", 2 }, { "2011-10-31", 2 }, { "2011-11-01", 3 }, { "2012-03-01", 3 },
        { "2011-03-01", 0 },
    };

    [Theory]
    [MemberData(nameof(MidYear))]
    public void A_version_effective_from_a_date_applies_only_to_months_from_that_date(string month, int expectedNumber)
    {
        var v1 = Fy2011Seed.Table();
        var v2 = Banded(2, new DateOnly(2011, 10, 1), bandA: 130_000);
        // Effective mid-month: the month it falls in was already priced on its first day, so it starts the next month.
        var v3 = Banded(3, new DateOnly(2011, 10, 15), bandA: 131_000);

        var table = RateTableCatalog.InForce([v1, v2, v3], "東京都世田谷区", DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expectedNumber, table?.Number ?? 0);
        if (table is not null)
        {
            var basic = PlacementFee.Estimate(Fy2011Seed.Capacity45Example(), DateOnly.Parse(month, System.Globalization.CultureInfo.InvariantCulture), table)
                .Lines.Single(l => l.Code == "BasicProtection");
            Assert.Equal(expectedNumber, basic.Citation.TableNumber);
            Assert.Equal(expectedNumber switch { 1 => 125_920, 2 => 130_000, _ => 131_000 }, basic.UnitYen);
        }
    }

    [Fact]
    public void A_correction_for_the_same_date_wins_and_a_jurisdictions_own_version_wins_over_the_national_one()
    {
        var v1 = Fy2011Seed.Table();
        var correction = Banded(2, new DateOnly(2011, 4, 1));
        var tokyo = Banded(3, new DateOnly(2011, 4, 1)) with { Jurisdiction = "東京都世田谷区" };

        Assert.Equal(2, RateTableCatalog.InForce([v1, correction], "東京都世田谷区", May2011)!.Number);
        Assert.Equal(3, RateTableCatalog.InForce([v1, correction, tokyo], "東京都世田谷区", May2011)!.Number);
        Assert.Equal(2, RateTableCatalog.InForce([v1, correction, tokyo], "大阪府", May2011)!.Number);
    }

    private static readonly RateTable Rich = Fy2011Seed.Table() with
    {
        Entries = [.. Fy2011Seed.Entries(),
            new(RateItems.BasicProtection, "", "", "", 1, 200, 120_000, null, null, null, "all"),
            new(RateItems.SmallGroupCare, "", "", "", null, null, 310_000, null, null, null, "SGC"),
            new(RateItems.RegionalSmallHome, "", "", "", 1, 6, 190_000, null, null, null, "GH"),
            new(RateItems.StaffAddOn, "Nurse", "", "", null, null, 7_777, null, null, null, "nurse"),
            new(RateItems.GeneralLiving, "", "", "", null, null, 50_000, null, null, null, "living"),
            new(RateItems.OtherBudgetAverage, "", "", "", null, null, 10_000, null, null, null, "other")],
    };

    [Property(MaxTest = 300)]
    public bool The_itemized_lines_always_sum_to_the_total(
        PositiveInt capacity, NonNegativeInt residents, byte units, byte homes, byte postMask, byte classIndex, bool familyHome, byte roundingIndex)
    {
        var posts = Enum.GetValues<StaffPost>().Where((_, i) => (postMask & (1 << i)) != 0).ToList();
        var classes = new[] { "3%", "6%", "9%", "12%", "15%", "18%", "none" };
        var state = new FacilityMonthState("x", familyHome ? SubsidyFacilityKind.FamilyHome : SubsidyFacilityKind.ChildrensHome, "",
            capacity.Get % 150 + 1, ResidentsByAge.Unbanded(residents.Get % 150), units % 7,
            Enumerable.Range(0, homes % 4).Select(i => new RegionalGroupHome($"GH{i}", i + 3)).ToList(),
            posts, classes[classIndex % classes.Length], new DateOnly(2011, 1, 1));
        var table = Rich with { Rounding = (RoundingRule)(roundingIndex % 3) };

        var statement = PlacementFee.Estimate(state, May2011, table);

        return statement.Total == statement.Lines.Sum(l => l.Amount)
            && statement.Lines.All(l => l.Amount == l.UnitYen * l.Quantity && l.Amount >= 0)
            && statement.PerChildTotal == statement.Lines.Where(l => l.Part != StatementPart.AddOn).Sum(l => l.UnitYen)
            && statement.Lines.Select(l => l.Code).Distinct().Count() == statement.Lines.Count;
    }
}
