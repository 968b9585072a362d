using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Tests.Features.Subsidies;

[Trait("Category", "Subsidies")]
public sealed class OpeningCostTests
{
    [Fact]
    public void The_setagaya_fy2022_opening_costs_of_seed_003_reproduce_to_the_thousand_yen()
    {
        var split = OpeningCosts.Split(OpeningCosts.SetagayaFy2022(), Fy2011Seed.Table());

        Assert.Equal(3_974_000, split.InitialLeaseYen);
        Assert.Equal(14_124_000, split.AnnualRentYen);
        Assert.Equal(16_000_000, split.EquipmentYen);
        Assert.Equal(34_098_000, split.TotalExpenditureYen);
        Assert.Equal(8_239_000, split.NationalBurdenYen);
        Assert.Equal(8_000_000, split.NationalSubsidyYen);
        Assert.Equal(16_239_000, split.TotalRevenueYen);
        // The ward pays the rest: 34,098 − 16,239; the corporation bears nothing of these two programmes.
        Assert.Equal(17_859_000, split.PrefectureYen);
        Assert.Equal(0, split.OwnerYen);
        Assert.Empty(split.Warnings);
    }

    [Fact]
    public void Every_programme_is_split_completely_between_the_parties()
    {
        var split = OpeningCosts.Split(OpeningCosts.SetagayaFy2022(), Fy2011Seed.Table());

        Assert.All(split.Programmes, p => Assert.Equal(p.ItemsYen, p.Shares.Sum(s => s.Yen)));
        var burden = split.Programmes.Single(p => p.Programme == Programmes.PlacementCostBurden);
        Assert.Equal((18_098_000L, 1_620_000L, 16_478_000L), (burden.ItemsYen, burden.ExcludedYen, burden.EligibleYen));
        Assert.Equal(new Fraction(1, 2), burden.Shares.Single(s => s.Party == CostParty.National).Share);
        Assert.Equal(1, burden.Citation.TableNumber);
    }

    [Theory]
    [InlineData(Programmes.FacilityWorksDecentralized, 12_000_000, 8_000_000, 1_000_000, 3_000_000)]
    [InlineData(Programmes.FacilityWorks, 12_000_000, 6_000_000, 3_000_000, 3_000_000)]
    [InlineData(Programmes.AbuseDvGrant, 12_000_000, 6_000_000, 6_000_000, 0)]
    [InlineData(Programmes.FacilityWorksDecentralized, 1_000_000, 666_666, 83_334, 250_000)]
    public void Shares_follow_the_programmes_ratios_with_the_prefecture_taking_the_rounding(
        string programme, long cost, long national, long prefecture, long owner)
    {
        var plan = new OpeningCostPlan(2023, [new("GH", OpeningCostKind.Equipment, "works", cost, programme)], []);

        var split = OpeningCosts.Split(plan, Fy2011Seed.Table());

        Assert.Equal(national, split.NationalSubsidyYen);
        Assert.Equal(prefecture, split.PrefectureYen);
        Assert.Equal(owner, split.OwnerYen);
        Assert.Equal(cost, national + prefecture + owner);
    }

    [Fact]
    public void A_programme_without_shares_in_the_table_is_flagged_and_left_to_the_prefecture()
    {
        var plan = new OpeningCostPlan(2023, [new("GH", OpeningCostKind.Equipment, "x", 1_000, "Unknown")], []);
        var split = OpeningCosts.Split(plan, Fy2011Seed.Table());
        Assert.Contains(split.Warnings, w => w is { Code: "MissingRate", Detail: "Unknown" });
        Assert.Equal(1_000, split.PrefectureYen);
    }

    [Fact]
    public void Later_openings_are_costed_per_home_from_the_base()
    {
        var perHome = OpeningCosts.PerHome(OpeningCosts.SetagayaFy2022(), 2, "GH新設", 2024);
        var split = OpeningCosts.Split(perHome, Fy2011Seed.Table());

        Assert.Equal(17_049_000, split.TotalExpenditureYen);
        Assert.Equal(4_119_500 + 4_000_000, split.TotalRevenueYen);
    }
}
