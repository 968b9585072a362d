using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FluentValidation;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Plans.ImportExport;

public enum SheetFormat { Csv, Xlsx }

/// A problem in an imported sheet: 1-based row and column as a spreadsheet shows them, and the message.
public sealed record SheetError(int Row, int Column, string Message)
{
    /// "B3" for row 3, column 2.
    public string Cell => Column is > 0 and <= 26 ? $"{(char)('A' + Column - 1)}{Row}" : $"R{Row}C{Column}";
}

public sealed record SheetReadResult(IReadOnlyList<PlanYear> Years, IReadOnlyList<SheetError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// A facility's plan in the shape of seed 003's tables: rows are the indicators, columns the fiscal years
/// (令和3年度末 …). Reading accepts what people type into such a sheet — "5ユニット", "31人", "—" for none,
/// 令和/西暦 year headers — and reports every problem by cell; nothing is taken unless the whole sheet is valid.
/// </summary>
public static partial class PlanSheet
{
    /// The rows in seed 003's order, with the labels accepted for each (the first is written on export).
    private static readonly (string Key, string[] Labels)[] RowLabels =
    [
        ("MainUnitsSixOrMore", ["本体施設 6人以上定員", "本体 6人以上", "main units 6+"]),
        ("MainUnitsFourToFive", ["本体施設 5～4人定員", "本体 5～4人", "本体施設 5~4人定員", "main units 4-5"]),
        ("MainCapacity", ["本体施設 合計定員数", "本体 定員", "main capacity"]),
        ("GroupHomesSixOrMore", ["グループホーム 6人以上定員", "GH 6人以上", "group homes 6+"]),
        ("GroupHomesFourToFive", ["グループホーム 5～4人定員", "GH 5～4人", "グループホーム 5~4人定員", "group homes 4-5"]),
        ("GroupHomeCapacity", ["グループホーム 合計定員数", "GH 定員", "group home capacity"]),
        ("TotalCapacity", ["合計定員数", "total capacity"]),
        ("Steps", ["主な取組み", "主な取組", "planned steps"]),
    ];

    private const string Corner = "区分";

    public static IReadOnlyList<string[]> ToGrid(IReadOnlyList<PlanYear> years)
    {
        var ordered = years.OrderBy(y => y.FiscalYear).ToList();
        string[] Row(string label, Func<PlanYear, string> cell) => [label, .. ordered.Select(cell)];
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        return
        [
            [Corner, .. ordered.Select(y => $"{JapaneseDates.FiscalYearLabel(y.FiscalYear)}末")],
            Row(RowLabels[0].Labels[0], y => N(y.Figures.MainUnitsSixOrMore)),
            Row(RowLabels[1].Labels[0], y => N(y.Figures.MainUnitsFourToFive)),
            Row(RowLabels[2].Labels[0], y => N(y.Figures.MainCapacity)),
            Row(RowLabels[3].Labels[0], y => N(y.Figures.GroupHomesSixOrMore)),
            Row(RowLabels[4].Labels[0], y => N(y.Figures.GroupHomesFourToFive)),
            Row(RowLabels[5].Labels[0], y => N(y.Figures.GroupHomeCapacity)),
            Row(RowLabels[6].Labels[0], y => N(y.Figures.TotalCapacity)),
            Row(RowLabels[7].Labels[0], y => y.Steps ?? ""),
        ];
    }

    public static byte[] Write(IReadOnlyList<PlanYear> years, SheetFormat format)
    {
        var grid = ToGrid(years);
        var columns = Enumerable.Range(0, grid[0].Length).Select(ColumnName).ToArray();
        var rows = grid.Select(row => (IDictionary<string, object>)columns.Select((c, i) => (c, (object)(i < row.Length ? row[i] : "")))
            .ToDictionary(x => x.c, x => x.Item2)).ToList();
        using var stream = new MemoryStream();
        if (format == SheetFormat.Csv)
        {
            // UTF-8 with BOM, so that Excel in Japan opens it without mojibake.
            stream.Write(Encoding.UTF8.Preamble);
            stream.SaveAs(rows, printHeader: false, excelType: ExcelType.CSV);
        }
        else
        {
            stream.SaveAs(rows, printHeader: false, sheetName: "計画", excelType: ExcelType.XLSX);
        }
        return stream.ToArray();
    }

    public static IReadOnlyList<IReadOnlyList<string>> ReadGrid(MemoryStream stream, SheetFormat format)
    {
        if (format == SheetFormat.Csv) ImportFiles.EnsureUtf8(stream);
        return [.. stream.Query(useHeaderRow: false, excelType: format == SheetFormat.Csv ? ExcelType.CSV : ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(row => (IReadOnlyList<string>)[.. row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")])];
    }

    /// <summary>Reads a grid (header row of fiscal years, then indicator rows) into plan years, or says what is wrong where.</summary>
    public static SheetReadResult Parse(IReadOnlyList<IReadOnlyList<string>> grid, Guid facilityId, IStringLocalizer<SharedResource> text)
    {
        var errors = new List<SheetError>();
        var rows = grid.Select(r => r.Select(c => c?.Trim() ?? "").ToArray()).ToList();
        var header = rows.FindIndex(r => r.Skip(1).Any(c => ParseFiscalYear(c) is not null));
        if (header < 0)
        {
            errors.Add(new SheetError(1, 2, text["Plans.Sheet.NoYears"]));
            return new SheetReadResult([], errors);
        }

        var years = new Dictionary<int, int>(); // column → fiscal year
        for (var c = 1; c < rows[header].Length; c++)
        {
            if (rows[header][c].Length == 0) continue;
            if (ParseFiscalYear(rows[header][c]) is not { } year) errors.Add(new SheetError(header + 1, c + 1, text["Plans.Sheet.BadYear", rows[header][c]]));
            else if (years.ContainsValue(year)) errors.Add(new SheetError(header + 1, c + 1, text["Plans.Sheet.DuplicateYear", rows[header][c]]));
            else years[c] = year;
        }

        var found = new Dictionary<string, int>(); // row key → row index
        for (var r = header + 1; r < rows.Count; r++)
        {
            var label = Normalize(rows[r].FirstOrDefault() ?? "");
            if (label.Length == 0 && rows[r].All(c => c.Length == 0)) continue;
            var key = RowLabels.FirstOrDefault(x => x.Labels.Any(l => Normalize(l) == label)).Key;
            if (key is null) errors.Add(new SheetError(r + 1, 1, text["Plans.Sheet.UnknownRow", rows[r].FirstOrDefault() ?? ""]));
            else if (!found.TryAdd(key, r)) errors.Add(new SheetError(r + 1, 1, text["Plans.Sheet.DuplicateRow", rows[r][0]]));
        }
        foreach (var (key, labels) in RowLabels.Where(x => x.Key is not ("TotalCapacity" or "Steps") && !found.ContainsKey(x.Key)))
            errors.Add(new SheetError(header + 1, 1, text["Plans.Sheet.MissingRow", labels[0]]));
        if (errors.Count > 0) return new SheetReadResult([], errors);

        var validator = new PlannedFiguresValidator(text);
        var result = new List<PlanYear>();
        foreach (var (column, year) in years)
        {
            int Number(string key)
            {
                var row = found[key];
                var cell = column < rows[row].Length ? rows[row][column] : "";
                if (ParseCount(cell) is { } n) return n;
                errors.Add(new SheetError(row + 1, column + 1, text["Plans.Sheet.NotANumber", cell]));
                return 0;
            }
            var before = errors.Count;
            var figures = new PlannedFigures(Number("MainUnitsSixOrMore"), Number("MainUnitsFourToFive"), Number("MainCapacity"),
                Number("GroupHomesSixOrMore"), Number("GroupHomesFourToFive"), Number("GroupHomeCapacity"));
            if (errors.Count > before) continue;

            foreach (var failure in validator.Validate(figures).Errors)
                errors.Add(new SheetError(found[failure.PropertyName] + 1, column + 1, failure.ErrorMessage));
            if (found.TryGetValue("TotalCapacity", out var totalRow) && column < rows[totalRow].Length && rows[totalRow][column].Length > 0
                && ParseCount(rows[totalRow][column]) != figures.TotalCapacity)
                errors.Add(new SheetError(totalRow + 1, column + 1, text["Plans.Sheet.TotalMismatch", rows[totalRow][column], figures.TotalCapacity]));
            var steps = found.TryGetValue("Steps", out var stepsRow) && column < rows[stepsRow].Length && rows[stepsRow][column].Length > 0
                ? rows[stepsRow][column].ReplaceLineEndings("\n") : null;
            if (steps is { Length: > 2000 }) errors.Add(new SheetError(stepsRow + 1, column + 1, text["Plans.Validation.StepsTooLong", 2000]));
            result.Add(new PlanYear(facilityId, year, figures, steps));
        }
        return errors.Count > 0 ? new SheetReadResult([], errors) : new SheetReadResult([.. result.OrderBy(y => y.FiscalYear)], []);
    }

    /// "令和3年度末", "令和元年度", "R3", "2021年度", "FY2021", "2021" → 2021.
    public static int? ParseFiscalYear(string cell)
    {
        var s = Normalize(cell);
        if (ReiwaYear().Match(s) is { Success: true } reiwa)
            return 2018 + (reiwa.Groups[1].Value == "元" ? 1 : int.Parse(reiwa.Groups[1].Value, CultureInfo.InvariantCulture));
        if (HeiseiYear().Match(s) is { Success: true } heisei)
            return 1988 + (heisei.Groups[1].Value == "元" ? 1 : int.Parse(heisei.Groups[1].Value, CultureInfo.InvariantCulture));
        if (WesternYear().Match(s) is { Success: true } western)
            return int.Parse(western.Groups[1].Value, CultureInfo.InvariantCulture);
        return null;
    }

    /// "5", "5ユニット", "31人", "3か所" → the number; "—", "-", "" → 0 (the seed's tables write — for none).
    public static int? ParseCount(string cell)
    {
        var s = Normalize(cell);
        if (s is "" or "—" or "-" or "―" or "－" or "ー") return 0;
        return CountWithUnit().Match(s) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    /// Full-width digits and letters to half-width, spaces dropped, "~" and "〜" read as "～".
    private static string Normalize(string s) =>
        s.Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal).Replace("~", "～", StringComparison.Ordinal)
            .Replace("〜", "～", StringComparison.Ordinal).ToLowerInvariant();

    private static string ColumnName(int index) => ((char)('A' + index)).ToString();

    [GeneratedRegex(@"^(?:令和|r)(元|\d{1,2})(?:年度?末?)?$")]
    private static partial Regex ReiwaYear();

    [GeneratedRegex(@"^(?:平成|h)(元|\d{1,2})(?:年度?末?)?$")]
    private static partial Regex HeiseiYear();

    [GeneratedRegex(@"^(?:fy)?((?:19|20)\d{2})(?:年度?末?)?$")]
    private static partial Regex WesternYear();

    [GeneratedRegex(@"^(\d{1,4})(?:人|ユニット|か所|ヶ所|箇所|カ所|所)?$")]
    private static partial Regex CountWithUnit();
}
