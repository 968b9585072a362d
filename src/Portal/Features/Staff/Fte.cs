namespace Hidamari.Portal.Features.Staff;

public sealed class StaffOptions
{
    public const string Section = "Hidamari:Staff";

    /// 常勤の週所定労働時間: part-time hours are converted against this week (seed 001 counts staff "週40時間に換算").
    public decimal FullTimeWeeklyHours { get; set; } = 40m;

    /// How far ahead the alerts card looks for expiring qualifications and training due.
    public int AlertWindowDays { get; set; } = 90;
}

/// 常勤換算 (full-time equivalent).
public static class Fte
{
    /// <summary>
    /// A full-time employee counts 1; a part-time one counts weekly hours ÷ the full-time week, capped at 1 and not
    /// rounded here (sums stay exact; pages show two decimals).
    /// </summary>
    public static decimal Of(EmploymentTerms terms, decimal fullTimeWeeklyHours)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Employment == EmploymentType.FullTime) return 1m;
        if (fullTimeWeeklyHours <= 0) throw new ArgumentOutOfRangeException(nameof(fullTimeWeeklyHours));
        return Math.Min(1m, Math.Max(0m, terms.WeeklyHours) / fullTimeWeeklyHours);
    }
}
