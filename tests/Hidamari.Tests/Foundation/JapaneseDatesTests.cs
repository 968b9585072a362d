using System.Globalization;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Tests.Foundation;

[Trait("Category", "Foundation")]
public sealed class JapaneseDatesTests
{
    [Theory]
    [InlineData("2021-09-30", "令和3年9月30日")]
    [InlineData("2019-05-01", "令和元年5月1日")]
    [InlineData("2019-04-30", "平成31年4月30日")]
    [InlineData("1989-01-08", "平成元年1月8日")]
    [InlineData("1989-01-07", "昭和64年1月7日")]
    public void Dates_are_written_in_wareki(string iso, string expected) =>
        Assert.Equal(expected, JapaneseDates.Wareki(DateOnly.Parse(iso, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2021-04-01", 2021)]
    [InlineData("2022-03-31", 2021)]
    [InlineData("2022-04-01", 2022)]
    [InlineData("2020-01-15", 2019)]
    public void The_fiscal_year_runs_from_april_to_march(string iso, int fiscalYear) =>
        Assert.Equal(fiscalYear, JapaneseDates.FiscalYearOf(DateOnly.Parse(iso, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(2021, "令和3年度")]
    [InlineData(2024, "令和6年度")]
    [InlineData(2019, "令和元年度")]
    [InlineData(2018, "平成30年度")]
    public void Fiscal_years_are_named_by_era(int fiscalYear, string expected) =>
        Assert.Equal(expected, JapaneseDates.FiscalYearLabel(fiscalYear));

    [Fact]
    public void Fiscal_year_end_is_the_following_31_march() =>
        Assert.Equal(new DateOnly(2025, 3, 31), JapaneseDates.FiscalYearEnd(2024));

    [Fact]
    public void English_shows_fy_and_iso_dates()
    {
        var en = CultureInfo.GetCultureInfo("en");
        Assert.Equal("FY2021 (令和3年度)", JapaneseDates.FiscalYearDisplay(2021, en));
        Assert.Equal("2021-09-30", JapaneseDates.Display(new DateOnly(2021, 9, 30), en));
    }
}
