using Hidamari.Portal.Features.Subsidies.Engine;

namespace Hidamari.Tests.Features.Subsidies;

[Trait("Category", "Subsidies")]
public sealed class YearViewTests
{
    private static readonly RateTable Banded = Fy2011Seed.Table() with
    {
        Number = 2,
        EffectiveFrom = new DateOnly(2024, 4, 1),
        Entries = [.. Fy2011Seed.Entries().Where(e => e.Item is not RateItems.BasicProtection and not RateItems.StaffAddOn),
            new(RateItems.BasicProtection, "", "ChildrensHome", "", 41, 45, 125_920, null, null, null, "41–45"),
            new(RateItems.BasicProtection, "", "ChildrensHome", "", 46, 50, 118_000, null, null, null, "46–50"),
            new(RateItems.SmallGroupCare, "", "", "", null, null, 300_000, null, null, null, "SGC")],
    };

    [Fact]
    public void Opening_a_group_home_of_4_in_reiwa_6_changes_income_from_its_month_and_costs_one_homes_share()
    {
        var current = Fy2011Seed.Capacity45Example() with { QualifyingPosts = [] };
        var plan = new[] { new PlannedGroupHome("GH新設", 4, new DateOnly(2024, 10, 1), Regional: false) };

        var year = YearView.Project(current, plan, 2024, [Fy2011Seed.Table(), Banded], RateTable.National,
            OpeningCosts.PerHome(OpeningCosts.SetagayaFy2022(), 2, "1か所", 2024));

        Assert.Equal(12, year.Months.Count);
        Assert.All(year.Months, m => Assert.Equal(2, m.TableNumber));
        Assert.All(year.Months.Take(6), m => Assert.Equal(m.CurrentYen, m.PlannedYen));
        Assert.All(year.Months.Skip(6), m => Assert.NotEqual(m.CurrentYen, m.PlannedYen));
        // From October: 定員 49 (band 46–50, no 小規模施設加算), one more SGC unit, 4 more residents.
        var october = year.Months[6];
        var perChildAdmin = 118_000 + table民改費(118_000);
        Assert.Equal(perChildAdmin * 49 + (47_430 + 11_500) * 49 + 300_000, october.PlannedYen);
        Assert.Equal(year.PlannedYen - year.CurrentYen, year.IncomeDifferenceYen);
        Assert.Equal(17_049_000, year.OpeningCosts!.TotalExpenditureYen);
        Assert.True(year.Complete);

        static long table民改費(long administration) => administration * 9 / 100;
    }

    [Fact]
    public void Months_without_a_version_in_force_are_reported_not_guessed()
    {
        var year = YearView.Project(Fy2011Seed.Capacity45Example(), [], 2010, [Fy2011Seed.Table()], RateTable.National, null);

        Assert.All(year.Months, m => Assert.Null(m.TableNumber));
        Assert.Contains(year.Warnings, w => w.Code == "NoTableInForce");
        Assert.False(year.Complete);
    }
}
