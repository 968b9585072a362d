using System.Globalization;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// 和暦 and 年度 the way Japanese offices write them: 令和3年9月30日, 令和3年度 (April 2021 – March 2022),
/// 元年 for the first year of an era.
/// </summary>
public static class JapaneseDates
{
    private static readonly JapaneseCalendar Calendar = new();
    private static readonly DateTimeFormatInfo Format = CreateFormat();

    private static DateTimeFormatInfo CreateFormat()
    {
        var format = (DateTimeFormatInfo)new CultureInfo("ja-JP").DateTimeFormat.Clone();
        format.Calendar = Calendar;
        return format;
    }

    /// The fiscal year (年度) a date falls in, named by the calendar year it starts: 2022-03-31 → 2021.
    public static int FiscalYearOf(DateOnly date) => date.Month >= 4 ? date.Year : date.Year - 1;

    /// 年度末: 31 March that closes the fiscal year.
    public static DateOnly FiscalYearEnd(int fiscalYear) => new(fiscalYear + 1, 3, 31);

    public static DateOnly FiscalYearStart(int fiscalYear) => new(fiscalYear, 4, 1);

    /// 令和3年 for 2021-09-30; 令和元年 for 2019-05-01.
    public static string EraYear(DateOnly date)
    {
        var at = date.ToDateTime(TimeOnly.MinValue);
        var era = Format.GetEraName(Calendar.GetEra(at));
        var year = Calendar.GetYear(at);
        return $"{era}{(year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture))}年";
    }

    /// 令和3年9月30日
    public static string Wareki(DateOnly date) => $"{EraYear(date)}{date.Month}月{date.Day}日";

    /// 令和3年度. A fiscal year takes the era in force on 1 May of its first year, so 2019 is 令和元年度
    /// (as offices renamed 平成31年度 after the era changed on 2019-05-01).
    public static string FiscalYearLabel(int fiscalYear) => $"{EraYear(new DateOnly(fiscalYear, 5, 1))}度";

    /// 令和3年度 (2021年度) in Japanese; "FY2021 (令和3年度)" in English.
    public static string FiscalYearDisplay(int fiscalYear, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "ja"
            ? $"{FiscalYearLabel(fiscalYear)}（{fiscalYear}年度）"
            : $"FY{fiscalYear} ({FiscalYearLabel(fiscalYear)})";

    private static readonly AsyncLocal<DateStyle?> Preferred = new();

    /// <summary>The signed-in person's choice (UserPreferences sets it per request; it flows into the Blazor circuit
    /// the way the request culture does). Null: by language.</summary>
    public static DateStyle? PreferredStyle
    {
        get => Preferred.Value;
        set => Preferred.Value = value;
    }

    /// The style a date takes for this culture: the person's choice, else 和暦 in Japanese and ISO otherwise.
    public static DateStyle StyleFor(CultureInfo culture) =>
        PreferredStyle ?? (culture.TwoLetterISOLanguageName == "ja" ? DateStyle.Wareki : DateStyle.Iso);

    /// A date as the reader wants it: 令和3年9月30日 or 2021-09-30.
    public static string Display(DateOnly date, CultureInfo culture) =>
        StyleFor(culture) == DateStyle.Wareki ? Wareki(date) : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// Integer yen with thousands separators: ¥1,234,567 (English) or 1,234,567円 (Japanese).
    public static string Yen(long amount, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "ja"
            ? amount.ToString("#,0", CultureInfo.InvariantCulture) + "円"
            : "¥" + amount.ToString("#,0", CultureInfo.InvariantCulture);
}

/// How dates are written: 令和N年M月D日 (和暦) or ISO 8601.
public enum DateStyle
{
    Wareki,
    Iso,
}
