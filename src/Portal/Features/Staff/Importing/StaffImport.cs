using System.Globalization;
using FluentValidation;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Features.Staff.Qualifying;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Hidamari.Portal.Features.Staff.Importing;

/// One problem in one cell (or the whole row when <see cref="Column"/> is empty); rows are numbered as in a spreadsheet, the header being row 1.
public sealed record ImportRowError(int Row, string Column, string Message);

/// <param name="Imported">how many staff members were stored: all rows, or none when <see cref="Errors"/> is not empty.</param>
public sealed record StaffImportResult(int Imported, IReadOnlyList<ImportRowError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// Imports a staff list (職員名簿) from CSV (UTF-8, with or without BOM; separator detected) or Excel (.xlsx, first
/// sheet). The header names the columns in Japanese or English (see <see cref="Columns"/>); categories, employment
/// types and qualifications are written as the portal shows them in either language. Every row is checked first; if any
/// row has an error, the errors are returned row by row and nothing is stored. Otherwise all rows are stored in one
/// transaction.
/// </summary>
public sealed class StaffImport(
    StaffCommands commands, FacilityQueries facilities, IValidator<HireStaffMember> hireValidator,
    IValidator<RecordQualification> qualificationValidator, IStringLocalizer<SharedResource> text)
{
    /// Largest file accepted: far beyond any corporation's staff list.
    public const long MaxBytes = 2 * 1024 * 1024;

    public const int MaxRows = 2000;

    /// Column keys with the header texts that name them (Japanese, English).
    public static readonly IReadOnlyList<(string Key, string[] Headers)> Columns =
    [
        ("Name", ["氏名", "Name"]),
        ("NameKana", ["フリガナ", "ふりがな", "Kana"]),
        ("HiredOn", ["入職日", "Hired on"]),
        ("Category", ["職種", "Category"]),
        ("Employment", ["雇用形態", "Employment"]),
        ("WeeklyHours", ["週所定労働時間", "Weekly hours"]),
        ("PriorExperienceYears", ["前職経験年数", "Prior experience"]),
        ("Facility", ["施設", "Facility"]),
        ("GroupHome", ["グループホーム", "Group home"]),
        ("Unit", ["ユニット", "Unit"]),
        ("Qualifications", ["資格", "Qualifications"]),
        ("QualifiedOn", ["資格取得日", "Qualified on"]),
        ("QualificationExpiresOn", ["資格有効期限", "Qualification expires"]),
    ];

    public async Task<StaffImportResult> ImportAsync(TenantInfo tenant, string user, Stream file, string fileName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        List<(int Row, Dictionary<string, string> Cells)> rows;
        HashSet<string>? columns;
        try
        {
            (columns, rows) = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) ? await ReadExcelAsync(file, ct) : await ReadCsvAsync(file, ct);
        }
        catch (NotUtf8Exception)
        {
            return new StaffImportResult(0, [new ImportRowError(1, "", text["Import.NotUtf8"])]);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new StaffImportResult(0, [new ImportRowError(0, "", text["Staff.Import.Unreadable"])]);
        }
        // A header that does not name the required columns (another file, another language's template): said for the header row.
        if (columns is not null && RequiredColumns.Where(c => !columns.Contains(c)).ToList() is { Count: > 0 } missing)
            return new StaffImportResult(0, [.. missing.Select(c => new ImportRowError(1, c, text["Staff.Import.MissingColumn", Columns.Single(k => k.Key == c).Headers[0]]))]);
        if (rows.Count == 0) return new StaffImportResult(0, [new ImportRowError(0, "", text["Staff.Import.Empty"])]);
        if (rows.Count > MaxRows) return new StaffImportResult(0, [new ImportRowError(0, "", text["Staff.Import.TooMany", MaxRows])]);

        var list = (await facilities.ListAsync(tenant, ct)).Facilities;
        var lookups = Lookups.Build(text);
        var errors = new List<ImportRowError>();
        var valid = new List<(HireStaffMember, IReadOnlyList<RecordQualification>)>();
        foreach (var (row, cells) in rows)
        {
            var before = errors.Count;
            void Error(string column, string message) => errors.Add(new ImportRowError(row, column, message));
            string? Cell(string key) => cells.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

            var hiredOn = ParseDate(Cell("HiredOn"), "HiredOn", Error) ?? default;
            var category = lookups.Parse(Cell("Category"), lookups.Categories, "Category", text["Validation.Staff.Category"], Error) ?? JobCategory.Other;
            var employment = lookups.Parse(Cell("Employment"), lookups.Employment, "Employment", text["Validation.Staff.Employment"], Error) ?? EmploymentType.FullTime;
            var hours = ParseDecimal(Cell("WeeklyHours"), "WeeklyHours", Error) ?? 0;
            var prior = ParseDecimal(Cell("PriorExperienceYears"), "PriorExperienceYears", Error) ?? 0;

            Guid? facilityId = null, groupHomeId = null;
            if (Cell("Facility") is { } facilityName)
            {
                var facility = list.FirstOrDefault(f => f.Name == facilityName);
                if (facility is null) Error("Facility", text["Staff.Import.UnknownFacility", facilityName]);
                else
                {
                    facilityId = facility.Id;
                    if (Cell("GroupHome") is { } ghName)
                    {
                        groupHomeId = facility.GroupHomes.FirstOrDefault(g => g.Name == ghName)?.Id;
                        if (groupHomeId is null) Error("GroupHome", text["Staff.Import.UnknownGroupHome", ghName]);
                    }
                }
            }
            else if (Cell("GroupHome") is not null) Error("Facility", text["Validation.Staff.FacilityRequired"]);

            var hire = new HireStaffMember(Cell("Name") ?? "", Cell("NameKana"), hiredOn, category, employment, hours, prior, facilityId, groupHomeId, Cell("Unit"));
            if (errors.Count == before)
                foreach (var failure in (await hireValidator.ValidateAsync(hire, ct)).Errors)
                    Error(failure.PropertyName, failure.ErrorMessage);

            var qualifications = new List<RecordQualification>();
            var qualifiedOn = ParseDate(Cell("QualifiedOn"), "QualifiedOn", Error) ?? hiredOn;
            var expiresOn = ParseDate(Cell("QualificationExpiresOn"), "QualificationExpiresOn", Error);
            foreach (var label in (Cell("Qualifications") ?? "").Split(['・', ';', '；', '/', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (lookups.Parse(label, lookups.Qualifications, "Qualifications", text["Staff.Import.UnknownQualification", label], Error) is not { } kind) continue;
                var q = new RecordQualification(kind, null, qualifiedOn, expiresOn, null);
                foreach (var failure in (await qualificationValidator.ValidateAsync(q, ct)).Errors)
                    Error("Qualifications", failure.ErrorMessage);
                qualifications.Add(q);
            }
            if (errors.Count == before) valid.Add((hire, qualifications));
        }

        if (errors.Count > 0) return new StaffImportResult(0, errors);
        var ids = await commands.HireAllAsync(tenant, user, valid, ct);
        return new StaffImportResult(ids.Count, []);
    }

    private DateOnly? ParseDate(string? value, string column, Action<string, string> error)
    {
        if (value is null) return null;
        string[] formats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd H:mm:ss", "yyyy/M/d H:mm:ss"];
        if (DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)) return DateOnly.FromDateTime(dt);
        error(column, text["Staff.Import.BadDate", value]);
        return null;
    }

    private decimal? ParseDecimal(string? value, string column, Action<string, string> error)
    {
        if (value is null) return null;
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n)) return n;
        error(column, text["Staff.Import.BadNumber", value]);
        return null;
    }

    /// Columns without which no row can be valid.
    private static readonly string[] RequiredColumns = ["Name", "HiredOn"];

    /// The columns the header names (null without a header: an empty file) and the rows with something in them.
    private static async Task<(HashSet<string>?, List<(int, Dictionary<string, string>)>)> ReadCsvAsync(Stream file, CancellationToken ct)
    {
        var rows = new List<(int, Dictionary<string, string>)>();
        await using var buffer = await ImportFiles.BufferUtf8Async(file, ct);
        await using var reader = CsvHelper.CsvReader.Create(buffer, new CsvHelper.CsvReaderOptions { TrimWhitespace = true }, true);
        await reader.ReadHeaderAsync(ct);
        var keys = reader.Headers.Select(ColumnKey).ToArray();
        var columns = reader.Headers.Any(h => !string.IsNullOrWhiteSpace(h)) ? keys.OfType<string>().ToHashSet() : null;
        while (await reader.ReadAsync(ct))
        {
            var cells = new Dictionary<string, string>();
            for (var i = 0; i < Math.Min(keys.Length, reader.FieldCount); i++)
                if (keys[i] is { } key) cells[key] = reader.GetString(i);
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add(((int)reader.RowNumber + 1, cells));
        }
        return (columns, rows);
    }

    private static async Task<(HashSet<string>?, List<(int, Dictionary<string, string>)>)> ReadExcelAsync(Stream file, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        var rows = new List<(int, Dictionary<string, string>)>();
        var n = 1;
        HashSet<string>? columns = null;
        foreach (IDictionary<string, object?> row in buffer.Query(useHeaderRow: true, excelType: ExcelType.XLSX))
        {
            n++;
            columns ??= [.. row.Keys.Select(ColumnKey).OfType<string>()];
            var cells = new Dictionary<string, string>();
            foreach (var (header, value) in row)
                if (ColumnKey(header) is { } key)
                    cells[key] = value switch
                    {
                        DateTime dt => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        null => "",
                        var v => v.ToString() ?? "",
                    };
            if (cells.Values.All(string.IsNullOrWhiteSpace)) continue;
            rows.Add((n, cells));
        }
        return (columns, rows);
    }

    private static string? ColumnKey(string header) =>
        Columns.FirstOrDefault(c => c.Headers.Any(h => string.Equals(h, header.Trim(), StringComparison.OrdinalIgnoreCase))).Key;

    /// Labels in both languages (and the enum names) → values.
    private sealed record Lookups(
        IReadOnlyDictionary<string, JobCategory> Categories, IReadOnlyDictionary<string, EmploymentType> Employment,
        IReadOnlyDictionary<string, QualificationKind> Qualifications)
    {
        public static Lookups Build(IStringLocalizer text) => new(Labels<JobCategory>(text), Labels<EmploymentType>(text), Labels<QualificationKind>(text));

        public T? Parse<T>(string? value, IReadOnlyDictionary<string, T> labels, string column, string message, Action<string, string> error) where T : struct
        {
            if (value is null) return null;
            if (labels.TryGetValue(value.Trim(), out var found)) return found;
            error(column, message);
            return null;
        }

        private static Dictionary<string, T> Labels<T>(IStringLocalizer text) where T : struct, Enum
        {
            var map = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
            var ui = CultureInfo.CurrentUICulture;
            try
            {
                foreach (var culture in new[] { "ja-JP", "en" })
                {
                    CultureInfo.CurrentUICulture = new CultureInfo(culture);
                    foreach (var value in Enum.GetValues<T>()) map.TryAdd(text[$"{typeof(T).Name}.{value}"].Value, value);
                }
            }
            finally
            {
                CultureInfo.CurrentUICulture = ui;
            }
            foreach (var value in Enum.GetValues<T>()) map.TryAdd(value.ToString(), value);
            return map;
        }
    }
}
