using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Subsidies.Engine;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// Caps and rates through the subsidy engine, with the Setagaya FY2022 figures of seed 003.
[Trait("Category", "Grants")]
public sealed class GrantCalculationTests
{
    [Fact]
    public void Setagaya_fy2022_equipment_of_16000_thousand_yen_gives_a_national_share_of_8000_at_rate_one_half()
    {
        var figures = Compute([Equipment]);

        var line = Assert.Single(figures.Lines);
        Assert.Equal((16_000_000L, 16_000_000L, 16_000_000L), (line.CostYen, line.CapYen!.Value, line.EligibleYen));
        Assert.Equal(8_000_000, figures.NationalYen);
        Assert.Equal(8_000_000, figures.PrefectureYen);
        Assert.Equal(16_000_000, figures.GrantYen);
        Assert.Equal(0, figures.OwnerYen);
        Assert.Contains("National 1/2", line.Shares, StringComparison.Ordinal);
        // Every figure cites the programme version and the rate-table version with its rounding.
        Assert.Equal(("setagaya-gh-opening", 1, 2022), (figures.Programme.Key, figures.Programme.Version, figures.Programme.FiscalYear));
        Assert.Equal((Fy2011Seed.Id, 1, RoundingRule.Floor), (figures.TableId, figures.TableNumber, figures.Rounding));
    }

    [Fact]
    public void The_national_share_is_the_engines_own_figure_for_the_same_items()
    {
        var engine = OpeningCosts.Split(new OpeningCostPlan(2022,
            [new OpeningCostItem("2か所合計", OpeningCostKind.Equipment, "備品購入費", 16_000_000, Programmes.AbuseDvGrant)], []), Fy2011Seed.Table());

        Assert.Equal(engine.NationalSubsidyYen, Compute([Equipment]).NationalYen);
        Assert.Equal(OpeningCosts.SetagayaFy2022().Items.Single(i => i.Kind == OpeningCostKind.Equipment).Yen, Equipment.Yen);
    }

    [Theory]
    // cost, homes → eligible (cap 8,000,000 per home), national
    [InlineData(16_000_000, 2, 16_000_000, 8_000_000)]
    [InlineData(18_000_000, 2, 16_000_000, 8_000_000)]
    [InlineData(18_000_000, 3, 18_000_000, 9_000_000)]
    [InlineData(9_000_000, 1, 8_000_000, 4_000_000)]
    [InlineData(7_500_001, 1, 7_500_001, 3_750_000)]
    public void The_cap_per_home_limits_the_eligible_base_and_the_table_rounds_down(long cost, int homes, long eligible, long national)
    {
        var figures = Compute([Equipment with { Yen = cost }], homes: homes);

        Assert.Equal(eligible, figures.EligibleYen);
        Assert.Equal(national, figures.NationalYen);
        Assert.Equal(eligible, figures.NationalYen + figures.PrefectureYen);
    }

    [Fact]
    public void An_item_the_programme_does_not_fund_is_shown_as_not_eligible_and_adds_nothing()
    {
        var figures = Compute([Equipment, new GrantItem("rent", OpeningCostKind.AnnualRent, "家賃", 14_124_000)]);

        var rent = figures.Line("rent")!;
        Assert.False(rent.Eligible);
        Assert.Equal((0L, 0L), (rent.EligibleYen, rent.GrantYen));
        Assert.Equal(16_000_000, figures.GrantYen);
        Assert.Contains("NotEligible:rent", figures.Warnings);
    }

    [Fact]
    public void With_an_owner_share_the_grant_is_the_eligible_base_less_what_the_corporation_bears()
    {
        var works = Setagaya() with { Items = [new ProgrammeItem(OpeningCostKind.Equipment, "整備費", Programmes.FacilityWorksDecentralized, null)] };

        var figures = Compute([Equipment with { Yen = 12_000_000 }], works, homes: 1);

        Assert.Equal((8_000_000L, 1_000_000L, 3_000_000L), (figures.NationalYen, figures.PrefectureYen, figures.OwnerYen));
        Assert.Equal(9_000_000, figures.GrantYen);
    }

    [Fact]
    public void Settling_takes_per_item_the_smaller_of_the_decided_base_and_the_actual_cost()
    {
        var decided = new[] { Equipment, new GrantItem("key-money", OpeningCostKind.InitialLease, "礼金", 3_000_000) };
        var actual = new[] { Equipment with { Yen = 15_000_000 }, new GrantItem("key-money", OpeningCostKind.InitialLease, "礼金", 3_500_000) };

        var settled = GrantCalculation.Settle(decided, actual);

        Assert.Equal([15_000_000L, 3_000_000L], settled.Select(i => i.Yen));
    }
}
