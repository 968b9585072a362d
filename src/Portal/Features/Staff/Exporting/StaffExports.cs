using System.Globalization;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Staff.Exporting;

/// <summary>
/// 職員名簿 and 研修受講記録 as Excel (dates as the reader's language writes them, 和暦 in Japanese) and CSV (ISO dates,
/// UTF-8 with BOM, formula-looking text escaped).
/// </summary>
public static class StaffExports
{
    private sealed record Column<T>(string Key, Func<T, object?> Value);

    private static readonly Column<RosterRow>[] RosterColumns =
    [
        new("Staff.Export.Name", r => r.Name),
        new("Staff.Export.NameKana", r => r.NameKana),
        new("Staff.Export.HiredOn", r => r.HiredOn),
        new("Staff.Export.Category", r => r.Category),
        new("Staff.Export.Employment", r => r.Employment),
        new("Staff.Export.WeeklyHours", r => r.Employment == EmploymentType.PartTime ? r.WeeklyHours : null),
        new("Staff.Export.Fte", r => r.Fte),
        new("Staff.Export.Experience", r => r.ExperienceYears),
        new("Staff.Export.Facility", r => r.FacilityName),
        new("Staff.Export.Place", r => r.Place),
        new("Staff.Export.Qualifications", r => r.Qualifications),
        new("Staff.Export.LeftOn", r => r.LeftOn),
    ];

    private static readonly Column<TrainingRecordRow>[] RecordColumns =
    [
        new("Staff.Export.Name", r => r.StaffName),
        new("Staff.Export.Category", r => r.Category),
        new("Staff.Export.Course", r => r.CourseTitle),
        new("Staff.Export.CourseCategory", r => r.CourseCategory),
        new("Staff.Export.Provider", r => r.Provider),
        new("Staff.Export.HeldOn", r => r.HeldOn),
        new("Staff.Export.Hours", r => r.Hours),
        new("Staff.Export.Completed", r => r.Completed),
        new("Staff.Export.Certificate", r => r.CertificateNumber),
        new("Staff.Export.ValidUntil", r => r.ValidUntil),
    ];

    public static byte[] RosterExcel(Roster roster, IStringLocalizer text) => Excel(roster.Rows, RosterColumns, text, "Staff.Export.RosterSheet");

    public static byte[] RosterCsv(Roster roster, IStringLocalizer text) => Csv(roster.Rows, RosterColumns, text);

    public static byte[] RecordExcel(IReadOnlyList<TrainingRecordRow> rows, IStringLocalizer text) => Excel(rows, RecordColumns, text, "Staff.Export.RecordSheet");

    public static byte[] RecordCsv(IReadOnlyList<TrainingRecordRow> rows, IStringLocalizer text) => Csv(rows, RecordColumns, text);

    private static byte[] Excel<T>(IReadOnlyList<T> items, Column<T>[] columns, IStringLocalizer text, string sheetKey)
    {
        var culture = CultureInfo.CurrentUICulture;
        var rows = items.Select(item =>
        {
            IDictionary<string, object?> row = new Dictionary<string, object?>();
            foreach (var column in columns)
                row[text[column.Key]] = column.Value(item) switch
                {
                    DateOnly d => JapaneseDates.Display(d, culture),
                    decimal m => m,
                    var v => Text(v, text, CultureInfo.InvariantCulture),
                };
            return row;
        }).ToList();
        if (rows.Count == 0) rows.Add(columns.ToDictionary(c => text[c.Key].Value, _ => (object?)null));
        using var stream = new MemoryStream();
        stream.SaveAs(rows, sheetName: text[sheetKey]);
        return stream.ToArray();
    }

    private static byte[] Csv<T>(IReadOnlyList<T> items, Column<T>[] columns, IStringLocalizer text)
    {
        using var stream = new MemoryStream();
        var options = new CsvHelper.CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvHelper.CsvInjection.Escape };
        using (var csv = CsvHelper.CsvWriter.Create(stream, options, true))
        {
            csv.WriteRecord(columns.Select(c => text[c.Key].Value).ToArray());
            foreach (var item in items)
                csv.WriteRecord(columns.Select(c => c.Value(item) is DateOnly d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : Text(c.Value(item), text, CultureInfo.InvariantCulture)).ToArray());
        }
        return stream.ToArray();
    }

    private static string Text(object? value, IStringLocalizer text, CultureInfo culture) => value switch
    {
        null => "",
        bool b => text[b ? "Staff.Export.Yes" : "Staff.Export.No"],
        Enum e => text[$"{e.GetType().Name}.{e}"],
        IReadOnlyList<Qualification> qs => string.Join("・", qs.Select(q => text[$"QualificationKind.{q.Kind}"].Value).Distinct()),
        decimal m => m.ToString(culture),
        IFormattable f => f.ToString(null, culture),
        var v => v.ToString() ?? "",
    };
}
