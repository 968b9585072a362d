using Hidamari.Portal.Features.Staff.Training;

namespace Hidamari.Portal.Features.Staff.Alerts;

public enum StaffAlertKind
{
    /// 資格の有効期限が近い
    QualificationExpiring,
    /// 資格の有効期限切れ
    QualificationExpired,
    /// 必須研修が未受講
    TrainingMissing,
    /// 必須研修の更新期限が近い・過ぎた
    TrainingRefreshDue,
}

/// <param name="Subject">the qualification kind or course title the alert is about.</param>
/// <param name="DueOn">expiry or refresh date; null when a mandatory course was never completed.</param>
public sealed record StaffAlert(StaffAlertKind Kind, Guid StaffId, string StaffName, JobCategory Category, string Subject, DateOnly? DueOn);

public sealed record StaffAlertList(DateOnly Today, int WindowDays, IReadOnlyList<StaffAlert> Alerts)
{
    public int Count(StaffAlertKind kind) => Alerts.Count(a => a.Kind == kind);
}

/// <summary>
/// Expiring qualifications and missing or expiring mandatory training for everyone employed today, looking
/// <c>windowDays</c> ahead. Only the latest qualification of a kind counts (a renewal replaces the expiring one);
/// a course is mandatory for the job categories it names, and due again when its validity ends.
/// </summary>
public static class StaffAlerts
{
    public static StaffAlertList For(IEnumerable<StaffRecord> staff, IEnumerable<TrainingCourse> courses, DateOnly today, int windowDays)
    {
        var horizon = today.AddDays(windowDays);
        var courseList = courses.ToList();
        var alerts = new List<StaffAlert>();
        foreach (var s in staff.Where(s => s.IsEmployedOn(today)))
        {
            var category = s.TermsOn(today)!.Category;
            foreach (var latest in s.Qualifications.Where(q => q.ObtainedOn <= today).GroupBy(q => q.Kind)
                         .Select(g => g.OrderBy(q => q.ExpiresOn ?? DateOnly.MaxValue).ThenBy(q => q.ObtainedOn).Last()))
            {
                if (latest.ExpiresOn is { } expires && expires <= horizon)
                    alerts.Add(new StaffAlert(expires < today ? StaffAlertKind.QualificationExpired : StaffAlertKind.QualificationExpiring,
                        s.Id, s.Name, category, latest.Kind.ToString(), expires));
            }
            foreach (var course in courseList.Where(c => c.MandatoryFor.Contains(category)))
            {
                var mine = course.Completions().Where(c => c.StaffId == s.Id && c.CompletedOn <= today).ToList();
                if (mine.Count == 0)
                {
                    alerts.Add(new StaffAlert(StaffAlertKind.TrainingMissing, s.Id, s.Name, category, course.Title, null));
                    continue;
                }
                var validUntil = mine.Any(c => c.ValidUntil is null) ? (DateOnly?)null : mine.Max(c => c.ValidUntil!.Value);
                if (validUntil is { } until && until <= horizon)
                    alerts.Add(new StaffAlert(StaffAlertKind.TrainingRefreshDue, s.Id, s.Name, category, course.Title, until));
            }
        }
        return new StaffAlertList(today, windowDays,
            alerts.OrderBy(a => a.DueOn ?? today).ThenBy(a => a.StaffName, StringComparer.Ordinal).ToList());
    }
}
