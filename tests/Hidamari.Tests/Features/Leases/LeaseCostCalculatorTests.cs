using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.Costs;
using static Hidamari.Tests.Features.Leases.LeaseExamples;

namespace Hidamari.Tests.Features.Leases;

[Trait("Category", "Leases")]
public sealed class LeaseCostCalculatorTests
{
    [Fact]
    public void A_lease_starting_15_February_2024_pays_15_of_29_leap_days_in_FY2023_rounded_down()
    {
        // 2024 is a leap year: February has 29 days; 15–29 Feb is 15 days. 150,000 × 15 / 29 = 77,586.2… → 77,586.
        var lease = Signed(Terms(new DateOnly(2024, 2, 15)));

        var fy2023 = LeaseCostCalculator.ForFiscalYear(lease, 2023);

        Assert.Equal(77_586, fy2023.Months.Single(m => m.Month == new DateOnly(2024, 2, 1)).Rent);
        Assert.Equal(150_000, fy2023.Months.Single(m => m.Month == new DateOnly(2024, 3, 1)).Rent);
        Assert.All(fy2023.Months.Where(m => m.Month < new DateOnly(2024, 2, 1)), m => Assert.Equal(0, m.Total));
        Assert.Equal(227_586, fy2023.Recurring);
        // One-offs are paid on the signing day (2024-02-05), in FY2023 too: 礼金 + 仲介手数料 + 保証料.
        Assert.Equal(150_000 + 165_000 + 75_000, fy2023.OneOff);
        Assert.Equal(300_000, fy2023.DepositPaid);
        Assert.Equal(227_586 + 390_000, fy2023.Total);
    }

    [Fact]
    public void The_next_fiscal_year_is_twelve_full_months_and_has_no_one_off_costs()
    {
        var lease = Signed(Terms(new DateOnly(2024, 2, 15)));

        var fy2024 = LeaseCostCalculator.ForFiscalYear(lease, 2024);

        Assert.Equal(12, fy2024.Months.Count);
        Assert.Equal(new DateOnly(2024, 4, 1), fy2024.Months[0].Month);
        Assert.Equal(new DateOnly(2025, 3, 1), fy2024.Months[^1].Month);
        Assert.All(fy2024.Months, m => Assert.Equal(150_000, m.Rent));
        Assert.Equal(1_800_000, fy2024.Recurring);
        Assert.Empty(fy2024.OneOffs);
        Assert.Equal(0, fy2024.DepositPaid);
    }

    [Theory]
    // start, rent, expected first-month rent: the days of that month counted, 1円未満切り捨て.
    [InlineData("2023-02-15", 150_000, 75_000)]  // 14 of 28 days
    [InlineData("2024-02-15", 150_000, 77_586)]  // 15 of 29 (leap year)
    [InlineData("2024-02-29", 150_000, 5_172)]   // 1 of 29: 5,172.4 → 5,172
    [InlineData("2024-03-31", 150_000, 4_838)]   // 1 of 31: 4,838.7 → 4,838 (never rounded up)
    [InlineData("2024-04-16", 150_000, 75_000)]  // 15 of 30
    [InlineData("2024-04-01", 150_000, 150_000)] // a full month is never prorated
    [InlineData("2024-01-02", 100_001, 96_775)]  // 30 of 31: 96,775.16 → 96,775
    public void The_first_month_is_prorated_by_calendar_days_and_rounded_down(string start, long rent, long expected)
    {
        var starts = DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture);
        var lease = Signed(Terms(starts, rent: rent));

        var month = LeaseCostCalculator.ForMonth(lease, new DateOnly(starts.Year, starts.Month, 1), DateOnly.MaxValue);

        Assert.Equal(expected, month.Rent);
    }

    [Fact]
    public void A_move_out_on_10_April_splits_across_the_fiscal_year_boundary_and_counts_the_move_out_day()
    {
        // Started 2024-02-15; moved out 2025-04-10: FY2024 has 12 full months, FY2025 has 10 of 30 April days.
        var lease = Signed(Terms(new DateOnly(2024, 2, 15), charges: 5_000),
            new LeaseTerminated(Guid.Empty, new DateOnly(2025, 2, 1), new DateOnly(2025, 4, 10), 250_000, 20_000));

        var fy2024 = LeaseCostCalculator.ForFiscalYear(lease, 2024);
        var fy2025 = LeaseCostCalculator.ForFiscalYear(lease, 2025);

        Assert.Equal(1_800_000, fy2024.Rent);
        Assert.Equal(60_000, fy2024.CommonCharges);
        Assert.Equal(50_000, fy2025.Rent);              // 150,000 × 10 / 30
        Assert.Equal(1_666, fy2025.CommonCharges);      // 5,000 × 10 / 30 = 1,666.6… → 1,666
        Assert.All(fy2025.Months.Skip(1), m => Assert.Equal(0, m.Total));
        // 敷金 300,000 of which 250,000 returned: 50,000 kept, plus 20,000 restoration beyond it, both on 2025-04-10.
        Assert.Equal([OneOffCostKind.DepositKept, OneOffCostKind.RestorationCharge], fy2025.OneOffs.Select(o => o.Kind));
        Assert.Equal(70_000, fy2025.OneOff);
        Assert.Equal(250_000, fy2025.DepositReturned);
    }

    [Fact]
    public void A_rent_revision_mid_month_is_prorated_by_the_days_under_each_rent()
    {
        // 1–15 June at 150,000 and 16–30 June at 180,000: (150,000 × 15 + 180,000 × 15) / 30 = 165,000.
        var lease = Signed(Terms(new DateOnly(2024, 4, 1)),
            new LeaseRentRevised(Guid.Empty, new DateOnly(2024, 6, 16), 180_000, 0, ""));

        var fy = LeaseCostCalculator.ForFiscalYear(lease, 2024);

        Assert.Equal(150_000, fy.Months[1].Rent);
        Assert.Equal(165_000, fy.Months[2].Rent);
        Assert.Equal(180_000, fy.Months[3].Rent);
        Assert.Equal(150_000 * 2 + 165_000 + 180_000 * 9, fy.Rent);
    }

    [Fact]
    public void Summing_segments_before_dividing_rounds_down_once_per_month()
    {
        // 7 days at 100,001 and 24 days at 100,003 in January: (700,007 + 2,400,072) / 31 = 100,002.5… → 100,002.
        var lease = Signed(Terms(new DateOnly(2024, 1, 1), rent: 100_001),
            new LeaseRentRevised(Guid.Empty, new DateOnly(2024, 1, 8), 100_003, 0, ""));

        Assert.Equal(100_002, LeaseCostCalculator.ForMonth(lease, new DateOnly(2024, 1, 1), DateOnly.MaxValue).Rent);
    }

    [Fact]
    public void As_of_a_date_counts_only_the_days_and_payments_up_to_that_date()
    {
        var lease = Signed(Terms(new DateOnly(2024, 4, 1), signed: new DateOnly(2024, 3, 20)),
            new LeaseRenewed(Guid.Empty, new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), new DateOnly(2028, 3, 31), 150_000));

        var asOf = LeaseCostCalculator.ForFiscalYear(lease, 2025, new DateOnly(2025, 10, 15));
        var whole = LeaseCostCalculator.ForFiscalYear(lease, 2025);

        Assert.Equal(150_000 * 6 + 150_000 * 15 / 31, asOf.Rent);
        Assert.Empty(asOf.OneOffs);
        Assert.Equal(1_800_000, whole.Rent);
        Assert.Equal(150_000, whole.OneOffOf(OneOffCostKind.RenewalFee));
    }

    [Fact]
    public void A_fixed_term_lease_stops_costing_after_its_end_and_an_ordinary_lease_runs_on_by_law()
    {
        var fixedTerm = Signed(Terms(new DateOnly(2024, 4, 1), ends: new DateOnly(2025, 9, 15), renewal: RenewalKind.FixedTerm));
        var ordinary = Signed(Terms(new DateOnly(2024, 4, 1), ends: new DateOnly(2025, 9, 15)));

        var fixedFy = LeaseCostCalculator.ForFiscalYear(fixedTerm, 2025);
        var ordinaryFy = LeaseCostCalculator.ForFiscalYear(ordinary, 2025);

        Assert.Equal(150_000 * 5 + 75_000, fixedFy.Rent);
        Assert.Equal(1_800_000, ordinaryFy.Rent);
    }

    [Fact]
    public void A_correction_replaces_the_terms_for_every_later_calculation()
    {
        var wrong = Terms(new DateOnly(2024, 4, 1), rent: 15_000);
        var lease = Signed(wrong, new LeaseCorrected(Guid.Empty, wrong with { MonthlyRent = 150_000 }, "桁の入力誤り"));

        Assert.Equal(1_800_000, LeaseCostCalculator.ForFiscalYear(lease, 2024).Rent);
        Assert.Equal("桁の入力誤り", lease.Corrections.Single().Reason);
    }

    [Fact]
    public void Group_home_and_corporation_totals_add_up_the_leases_month_by_month()
    {
        var a = LeaseCostCalculator.ForFiscalYear(Signed(Terms(new DateOnly(2024, 2, 15))), 2023);
        var b = LeaseCostCalculator.ForFiscalYear(Signed(Terms(new DateOnly(2023, 4, 1), rent: 120_000)), 2023);

        var gh = GroupHomeLeaseCosts.Of(GroupHome, "GH1", 2023, null, [a, b]);
        var corporation = new CorporationLeaseCosts(2023, null, [gh, GroupHomeLeaseCosts.Of(Guid.NewGuid(), "GH2", 2023, null, [])]);

        Assert.Equal(a.Recurring + b.Recurring, gh.Recurring);
        Assert.Equal(77_586 + 120_000, gh.Months[10].Rent);
        Assert.Equal(a.Total + b.Total, corporation.Total);
        Assert.Equal(gh.Months.Select(m => m.Total), corporation.Months.Select(m => m.Total));
        Assert.Contains("切り捨て", corporation.RoundingRule);
    }
}
