using Hidamari.Portal;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.ImportExport;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Hidamari.Tests.Features.Plans;

/// The plan sheet in seed 003's shape: written, read back, and refused cell by cell when wrong.
[Trait("Category", "Plans")]
public sealed class PlanSheetTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly Guid F = Guid.NewGuid();

    private IStringLocalizer<SharedResource> Text => portal.Services.GetRequiredService<IStringLocalizer<SharedResource>>();

    private static readonly PlanYear[] Ikuseien =
    [
        new(F, 2021, new PlannedFigures(5, 0, 31, 3, 1, 22)),
        new(F, 2022, new PlannedFigures(5, 0, 31, 0, 6, 24), "前年度定員6人のグループホーム3か所を定員4人に引き下げる。(小規模化)\n新たに定員4人のグループホームを2か所設置する。(地域分散化)"),
        new(F, 2023, new PlannedFigures(5, 0, 31, 0, 6, 24)),
        new(F, 2024, new PlannedFigures(3, 0, 18, 0, 9, 36), "新たに定員4人のグループホームを3か所設置する。(地域分散化)"),
    ];

    [Theory]
    [InlineData(SheetFormat.Csv)]
    [InlineData(SheetFormat.Xlsx)]
    public void A_written_sheet_reads_back_as_the_same_plan(SheetFormat format)
    {
        var bytes = PlanSheet.Write(Ikuseien, format);

        var read = PlanSheet.Parse(PlanSheet.ReadGrid(new MemoryStream(bytes), format), F, Text);

        Assert.Empty(read.Errors);
        Assert.Equal(Ikuseien, read.Years);
    }

    [Fact]
    public void The_exported_grid_has_the_seed_tables_rows_and_year_columns()
    {
        var grid = PlanSheet.ToGrid(Ikuseien);

        Assert.Equal(["区分", "令和3年度末", "令和4年度末", "令和5年度末", "令和6年度末"], grid[0]);
        Assert.Equal(["合計定員数", "53", "55", "55", "54"], grid[7]);
        Assert.Equal(["グループホーム 合計定員数", "22", "24", "24", "36"], grid[6]);
    }

    [Fact]
    public void The_sheet_as_typed_in_the_seed_is_understood()
    {
        // As in seed 003: units and places written out, "—" for none, 5~4 with a half-width tilde, 全角 digits.
        string[][] grid =
        [
            ["区分", "令和3年度末", "令和4年度末", "R5", "2024年度末"],
            ["本体施設 6人以上定員", "5ユニット", "5ユニット", "5ユニット", "3ユニット"],
            ["本体施設 5~4人定員", "—", "—", "—", "—"],
            ["本体施設 合計定員数", "31人", "31人", "31人", "１８人"],
            ["グループホーム 6人以上定員", "3か所", "—", "—", "—"],
            ["グループホーム 5~4人定員", "1か所", "6か所", "6か所", "9か所"],
            ["グループホーム 合計定員数", "22人", "24人", "24人", "36人"],
            ["合計定員数", "53人", "55人", "55人", "54人"],
        ];

        var read = PlanSheet.Parse(grid, F, Text);

        Assert.Empty(read.Errors);
        Assert.Equal(Ikuseien.Select(y => (y.FiscalYear, y.Figures)), read.Years.Select(y => (y.FiscalYear, y.Figures)));
    }

    [Fact]
    public void Every_wrong_cell_is_reported_and_nothing_is_returned()
    {
        string[][] grid =
        [
            ["区分", "令和3年度末", "令和4年度末", "来年"],
            ["本体施設 6人以上定員", "5", "five", "5"],
            ["本体施設 5～4人定員", "0", "0", "0"],
            ["本体施設 合計定員数", "31", "31", "31"],
            ["グループホーム 6人以上定員", "3", "0", "0"],
            ["グループホーム 5～4人定員", "1", "6", "6"],
            ["グループホーム 合計定員数", "22", "24", "24"],
            ["合計定員数", "54", "55", "55"],
            ["職員数", "1", "1", "1"],
        ];

        var read = PlanSheet.Parse(grid, F, Text);

        Assert.Empty(read.Years);
        Assert.Contains(read.Errors, e => e.Cell == "D1");   // not a fiscal year
        Assert.Contains(read.Errors, e => e.Cell == "A9");   // unknown row
        Assert.False(read.IsValid);

        var fixedRows = grid.Select(r => r[..3]).Take(8).ToArray();
        var second = PlanSheet.Parse(fixedRows, F, Text);
        Assert.Equal(["C2", "B8"], second.Errors.Select(e => e.Cell).Order(StringComparer.Ordinal).Reverse());
        Assert.Contains("five", second.Errors.Single(e => e.Cell == "C2").Message, StringComparison.Ordinal);
        Assert.Empty(second.Years);
    }

    [Fact]
    public void Figures_that_cannot_hold_their_units_are_refused_by_cell()
    {
        string[][] grid =
        [
            ["区分", "令和6年度末"],
            ["本体施設 6人以上定員", "3"],
            ["本体施設 5～4人定員", "0"],
            ["本体施設 合計定員数", "12"],
            ["グループホーム 6人以上定員", "0"],
            ["グループホーム 5～4人定員", "0"],
            ["グループホーム 合計定員数", "8"],
        ];

        var read = PlanSheet.Parse(grid, F, Text);

        Assert.Equal(["B4", "B7"], read.Errors.Select(e => e.Cell));
    }

    [Theory]
    [InlineData("令和3年度末", 2021)]
    [InlineData("令和元年度", 2019)]
    [InlineData("平成30年度末", 2018)]
    [InlineData("Ｒ６", 2024)]
    [InlineData("FY2025", 2025)]
    [InlineData("2021", 2021)]
    [InlineData("来年度", null)]
    public void Fiscal_year_headers_in_either_calendar(string header, int? expected) =>
        Assert.Equal(expected, PlanSheet.ParseFiscalYear(header));
}
