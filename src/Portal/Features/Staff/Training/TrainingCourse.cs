using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Staff.Training;

/// 研修の種類
public enum TrainingCategory
{
    /// 基幹的職員研修: completing it (with the years of experience) makes a 基幹的職員 count for the add-on.
    SeniorStaff,
    /// 職員資質向上研修
    QualityImprovement,
    /// 里親支援
    FosterSupport,
    /// 安全・救命 (普通救命講習など)
    Safety,
    /// その他
    Other,
}

/// 実施主体
public enum TrainingProvider
{
    /// 法人内研修
    Internal,
    /// 外部研修 (都道府県・協議会など)
    External,
}

/// A course the corporation sends staff to. <see cref="ValidityMonths"/> set means the course must be refreshed;
/// <see cref="MandatoryFor"/> lists the job categories that must hold a valid completion.
/// <param name="FeePerParticipant">受講料 per person in yen.</param>
public sealed record TrainingCourseCreated(
    Guid CourseId, string Title, TrainingProvider Provider, TrainingCategory Category, decimal Hours,
    long FeePerParticipant, int? ValidityMonths, IReadOnlyList<JobCategory> MandatoryFor);

/// One person's attendance at a session; <see cref="Completed"/> false means attended without completing.
public sealed record Attendance(Guid StaffId, decimal Hours, bool Completed, string? CertificateNumber);

/// 研修の実施記録: a session held on <see cref="HeldOn"/>, its own costs (会場費・講師謝金) and who attended.
public sealed record TrainingSessionRecorded(
    Guid CourseId, Guid SessionId, DateOnly HeldOn, string Location, decimal Hours, long SessionCost, IReadOnlyList<Attendance> Attendees);

public sealed record TrainingSession(Guid Id, DateOnly HeldOn, string Location, decimal Hours, long SessionCost, IReadOnlyList<Attendance> Attendees)
{
    /// Session costs plus the fee of everyone who attended, in yen.
    public long Cost(long feePerParticipant) => SessionCost + feePerParticipant * Attendees.Count;
}

/// <summary>A course with every session held: the stream's aggregate and the document pages read.</summary>
public sealed record TrainingCourse(
    Guid Id, string Title, TrainingProvider Provider, TrainingCategory Category, decimal Hours, long FeePerParticipant,
    int? ValidityMonths, IReadOnlyList<JobCategory> MandatoryFor, IReadOnlyList<TrainingSession> Sessions)
{
    public long Version { get; set; }

    public static TrainingCourse Create(TrainingCourseCreated e) =>
        new(e.CourseId, e.Title, e.Provider, e.Category, e.Hours, e.FeePerParticipant, e.ValidityMonths, e.MandatoryFor, []);

    public TrainingCourse Apply(TrainingSessionRecorded e) =>
        this with { Sessions = [.. Sessions, new TrainingSession(e.SessionId, e.HeldOn, e.Location, e.Hours, e.SessionCost, e.Attendees)] };

    /// Every completion of this course, with the date a refresh is due when the course expires.
    public IEnumerable<TrainingCompletion> Completions() =>
        Sessions.SelectMany(s => s.Attendees.Where(a => a.Completed).Select(a =>
            new TrainingCompletion(a.StaffId, Id, Category, s.HeldOn, ValidityMonths is { } m ? s.HeldOn.AddMonths(m).AddDays(-1) : null)));

    /// 研修費: what this course cost in one fiscal year (sessions held from 1 April to 31 March).
    public long CostInFiscalYear(int fiscalYear) =>
        SessionsInFiscalYear(fiscalYear).Sum(s => s.Cost(FeePerParticipant));

    public IEnumerable<TrainingSession> SessionsInFiscalYear(int fiscalYear) =>
        Sessions.Where(s => JapaneseDates.FiscalYearOf(s.HeldOn) == fiscalYear);
}
