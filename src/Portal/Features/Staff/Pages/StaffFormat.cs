using System.Globalization;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Pages;

internal static class StaffFormat
{
    /// 常勤換算 with two decimals (sums are exact underneath).
    public static string Fte(decimal fte) => fte.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(DateOnly date) => JapaneseDates.Display(date, CultureInfo.CurrentUICulture);

    public static string Date(DateOnly? date) => date is { } d ? Date(d) : "";

    public static string Yen(IStringLocalizer text, long yen) => text["Staff.YenValue", yen.ToString("N0", CultureInfo.InvariantCulture)];

    public static string Enum<T>(IStringLocalizer text, T value) where T : struct, System.Enum => text[$"{typeof(T).Name}.{value}"];

    /// Parses yyyy-MM-dd from a date input; null when empty or malformed.
    public static DateOnly? Parse(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
