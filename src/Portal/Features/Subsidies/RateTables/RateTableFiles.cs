using System.Globalization;
using System.Text;
using CsvHelper;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables.Publishing;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Subsidies.RateTables;

/// A row of an imported file that could not be read, by its line in the file (header = 1).
public sealed record ImportProblem(int Row, string Column, string Value, string? MessageKey = null)
{
    /// The cell that cannot be read, or the whole file's problem (<see cref="MessageKey"/>: unreadable, not UTF-8).
    public string Describe(Microsoft.Extensions.Localization.IStringLocalizer text) =>
        MessageKey is null ? text["Subsidies.Validation.ImportCell", Row, Column, Value] : text[MessageKey];
}

/// <summary>
/// Rate-table rows as CSV (UTF-8 with BOM, so Excel opens Japanese labels correctly) and as an .xlsx sheet, with the
/// same columns both ways, so an exported version imports unchanged as the start of the next one.
/// </summary>
public static class RateTableFiles
{
    public static readonly string[] Columns =
        ["Item", "Key", "FacilityKind", "Region", "CapacityFrom", "CapacityTo", "Yen", "Percent", "Share", "Party", "Label"];

    private static Dictionary<string, object?> ToRow(RateEntry e) => new()
    {
        ["Item"] = e.Item,
        ["Key"] = e.Key,
        ["FacilityKind"] = e.FacilityKind,
        ["Region"] = e.Region,
        ["CapacityFrom"] = e.CapacityFrom?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["CapacityTo"] = e.CapacityTo?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["Yen"] = e.Yen?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["Percent"] = e.Percent?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["Share"] = e.Share?.ToString() ?? "",
        ["Party"] = e.Party?.ToString() ?? "",
        ["Label"] = e.Label,
    };

    public static byte[] ToCsv(IEnumerable<RateEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        using (var csv = CsvWriter.Create(writer, new CsvWriterOptions()))
        {
            csv.WriteRecord(Columns);
            foreach (var row in entries.Select(ToRow))
                csv.WriteRecord(Columns.Select(c => Convert.ToString(row[c], CultureInfo.InvariantCulture) ?? "").ToArray());
        }
        return buffer.ToArray();
    }

    public static byte[] ToXlsx(IEnumerable<RateEntry> entries)
    {
        using var buffer = new MemoryStream();
        buffer.SaveAs(entries.Select(ToRow).ToList(), sheetName: "RateTable", excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }

    public static (IReadOnlyList<RateEntry> Entries, IReadOnlyList<ImportProblem> Problems) FromCsv(Stream stream)
    {
        using var csv = CsvReader.Create(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true),
            new CsvReaderOptions { TrimWhitespace = true });
        var rows = new List<IReadOnlyDictionary<string, string>>();
        string[] header = [];
        while (csv.Read())
        {
            header = [.. csv.Headers];
            rows.Add(Enumerable.Range(0, Math.Min(header.Length, csv.FieldCount))
                .ToDictionary(i => header[i], i => csv.GetString(i) ?? "", StringComparer.OrdinalIgnoreCase));
        }
        return Parse(header, rows);
    }

    public static (IReadOnlyList<RateEntry> Entries, IReadOnlyList<ImportProblem> Problems) FromXlsx(Stream stream)
    {
        var rows = new List<IReadOnlyDictionary<string, string>>();
        string[] header = [];
        foreach (IDictionary<string, object?> row in stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
        {
            header = [.. row.Keys];
            rows.Add(row.ToDictionary(c => c.Key, c => Convert.ToString(c.Value, CultureInfo.InvariantCulture) ?? "", StringComparer.OrdinalIgnoreCase));
        }
        return Parse(header, rows);
    }

    private static (IReadOnlyList<RateEntry>, IReadOnlyList<ImportProblem>) Parse(string[] header, List<IReadOnlyDictionary<string, string>> rows)
    {
        var problems = new List<ImportProblem>();
        foreach (var missing in Columns.Where(c => !header.Contains(c, StringComparer.OrdinalIgnoreCase)))
            problems.Add(new ImportProblem(1, missing, ""));
        if (problems.Count > 0) return ([], problems);

        var entries = new List<RateEntry>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = Columns.ToDictionary(c => c, c => rows[i].GetValueOrDefault(c) ?? "", StringComparer.OrdinalIgnoreCase);
            var line = i + 2;
            if (row.Values.All(string.IsNullOrWhiteSpace)) continue;
            int? Int(string column)
            {
                var value = row[column].Trim();
                if (value.Length == 0) return null;
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
                problems.Add(new(line, column, value));
                return null;
            }
            long? Long(string column)
            {
                var value = row[column].Trim().Replace(",", "", StringComparison.Ordinal);
                if (value.Length == 0) return null;
                if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return n;
                problems.Add(new(line, column, value));
                return null;
            }
            decimal? Dec(string column)
            {
                var value = row[column].Trim().TrimEnd('%');
                if (value.Length == 0) return null;
                if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) return n;
                problems.Add(new(line, column, value));
                return null;
            }
            Fraction? Share()
            {
                var value = row["Share"].Trim();
                if (value.Length == 0) return null;
                if (Fraction.TryParse(value, out var f)) return f;
                problems.Add(new(line, "Share", value));
                return null;
            }
            CostParty? Party()
            {
                var value = row["Party"].Trim();
                if (value.Length == 0) return null;
                if (Enum.TryParse<CostParty>(value, out var p) && Enum.IsDefined(p)) return p;
                problems.Add(new(line, "Party", value));
                return null;
            }

            var before = problems.Count;
            var entry = new RateEntry(row["Item"].Trim(), row["Key"].Trim(), row["FacilityKind"].Trim(), row["Region"].Trim(),
                Int("CapacityFrom"), Int("CapacityTo"), Long("Yen"), Dec("Percent"), Share(), Party(), row["Label"].Trim());
            if (problems.Count > before) continue;
            if (RateEntryRules.Problem(entry) is not null)
            {
                problems.Add(new(line, "Item", entry.Item));
                continue;
            }
            entries.Add(entry);
        }
        return (entries, problems);
    }
}
