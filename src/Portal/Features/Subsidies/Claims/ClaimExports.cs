using System.Globalization;
using System.Text;
using CsvHelper;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Subsidies.Claims;

/// <summary>
/// A claim as office files, in Japanese: CSV (UTF-8 with BOM) laid out like the form, and an .xlsx with a sheet of
/// lines (請求明細) and one of facts (概要). Callers run these under the ja-JP UI culture.
/// </summary>
public static class ClaimExports
{
    public static string FileName(Claim claim, string extension)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return $"claim-{claim.Month:yyyy-MM}-v{claim.VersionNumber}.{extension}";
    }

    /// The facts at the head of every export, in order.
    public static IReadOnlyList<(string Label, string Value)> Facts(Claim claim, string organisation, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(text);
        var s = claim.Statement;
        var facts = new List<(string, string)>
        {
            (text["Export.Organisation"], organisation),
            (text["Export.Facility"], claim.FacilityName),
            (text["Export.Month"], $"{JapaneseDates.EraYear(claim.Month)}{claim.Month.Month}月分"),
            (text["Export.Version"], text["Export.VersionValue", claim.VersionNumber]),
            (text["Export.State"], claim.Locked ? text["Export.Locked", claim.LockedBy ?? "", Stamp(claim.LockedAt)] : text["Export.Draft"]),
            (text["Export.PreparedBy"], $"{claim.PreparedBy} {Stamp(claim.PreparedAt)}"),
            (text["Export.Table"], text["Subsidies.TableVersion", s.TableNumber, s.TableFiscalYear, JapaneseDates.Wareki(s.TableEffectiveFrom)] + " " + s.Notice),
            (text["Export.Rounding"], text[$"Subsidies.Rounding.{s.Rounding}"]),
        };
        if (claim.Reason.Length > 0) facts.Add((text["Export.CorrectionReason"], claim.Reason));
        return facts;
    }

    public static string Stamp(DateTimeOffset? at) =>
        at is { } t ? t.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    public static string Rule(Engine.StatementLine line, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(text);
        var rule = new StringBuilder(text[$"Subsidies.Item.{line.Item}"]);
        // Staff add-on keys name posts in code ("Nurse+Senior"); the rule shows them as the notice does.
        var key = line.Item == Engine.RateItems.StaffAddOn
            ? string.Join("・", Engine.PlacementFee.ParsePosts(line.Citation.Key).Order().Select(p => text[$"StaffPost.{p}"].Value))
            : line.Citation.Key;
        if (key.Length > 0) rule.Append(' ').Append(key);
        if (line.Citation.Band.Length > 0) rule.Append(' ').Append(text["Subsidies.Band", line.Citation.Band]);
        rule.Append(" / ").Append(text["Subsidies.TableShort", line.Citation.TableNumber]);
        if (line.Detail.Length > 0) rule.Append(" / ").Append(line.Detail);
        return rule.ToString();
    }

    private static string[] LineHeader(IStringLocalizer text) =>
    [
        text["Export.Code"], text["Subsidies.Part"], text["Subsidies.Line"], text["Subsidies.Rule"], text["Subsidies.Unit"],
        text["Subsidies.Quantity"], text["Export.Basis"], text["Export.Calculated"], text["Export.Claimed"], text["Export.AdjustmentReason"],
    ];

    private static string[] LineRow(ClaimLine l, IStringLocalizer text) =>
    [
        l.Line.Code, text[$"Subsidies.Part.{l.Line.Part}"], l.Line.Label, Rule(l.Line, text),
        l.Line.UnitYen.ToString(CultureInfo.InvariantCulture), l.Line.Quantity.ToString(CultureInfo.InvariantCulture),
        text[$"Subsidies.Basis.{l.Line.Basis}"], l.Line.Amount.ToString(CultureInfo.InvariantCulture),
        l.ClaimedYen.ToString(CultureInfo.InvariantCulture), l.AdjustmentReason ?? "",
    ];

    public static byte[] ToCsv(ClaimDetail detail, string organisation, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(detail);
        var claim = detail.Claim;
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions()))
        {
            // Every record has the line table's ten fields (RFC 4180), so the form's sections pad with empty cells.
            void Write(params string[] fields) => csv.WriteRecord([.. fields, .. Enumerable.Repeat("", Math.Max(0, 10 - fields.Length))]);
            Write(text["Export.Title"].Value);
            foreach (var (label, value) in Facts(claim, organisation, text)) Write([label, value]);
            Write([""]);
            csv.WriteRecord(LineHeader(text));
            foreach (var line in claim.Lines) csv.WriteRecord(LineRow(line, text));
            Write([text["Subsidies.Total"].Value, "", "", "", "", "", "",
                claim.Statement.Total.ToString(CultureInfo.InvariantCulture), claim.TotalYen.ToString(CultureInfo.InvariantCulture), ""]);
            if (detail.Difference is { } diff)
            {
                Write([""]);
                Write([text["Export.Difference", diff.PreviousVersion].Value]);
                Write([text["Export.Code"].Value, text["Subsidies.Line"].Value, text["Export.Previous"].Value, text["Export.Current"].Value, text["Export.Change"].Value]);
                foreach (var d in diff.Lines)
                    Write([d.Code, d.Label, Yen(d.PreviousYen), Yen(d.CurrentYen), d.DifferenceYen.ToString(CultureInfo.InvariantCulture)]);
                Write([text["Subsidies.Total"].Value, "", diff.PreviousTotalYen.ToString(CultureInfo.InvariantCulture),
                    diff.CurrentTotalYen.ToString(CultureInfo.InvariantCulture), diff.DifferenceYen.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        return buffer.ToArray();
    }

    public static byte[] ToXlsx(ClaimDetail detail, string organisation, IStringLocalizer text)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(text);
        var claim = detail.Claim;
        var header = LineHeader(text);
        var lines = claim.Lines.Select(l =>
        {
            var row = LineRow(l, text);
            var values = new Dictionary<string, object?>();
            for (var i = 0; i < header.Length; i++)
                values[header[i]] = i is 4 or 5 or 7 or 8 ? long.Parse(row[i], CultureInfo.InvariantCulture) : row[i];
            return values;
        }).ToList();
        var total = header.ToDictionary(h => h, _ => (object?)"");
        total[header[0]] = text["Subsidies.Total"].Value;
        total[header[7]] = claim.Statement.Total;
        total[header[8]] = claim.TotalYen;
        lines.Add(total);
        var facts = Facts(claim, organisation, text)
            .Select(f => new Dictionary<string, object?> { [text["Export.Item"]] = f.Label, [text["Export.Value"]] = f.Value }).ToList();
        var sheets = new Dictionary<string, object>
        {
            [text["Export.SheetLines"]] = lines,
            [text["Export.SheetFacts"]] = facts,
        };
        if (detail.Difference is { } diff)
            sheets[text["Export.SheetDifference"]] = diff.Lines.Select(d => new Dictionary<string, object?>
            {
                [text["Export.Code"]] = d.Code, [text["Subsidies.Line"]] = d.Label,
                [text["Export.Previous"]] = d.PreviousYen, [text["Export.Current"]] = d.CurrentYen, [text["Export.Change"]] = d.DifferenceYen,
            }).ToList();
        using var buffer = new MemoryStream();
        buffer.SaveAs(sheets, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    private static string Yen(long? yen) => yen?.ToString(CultureInfo.InvariantCulture) ?? "";
}
