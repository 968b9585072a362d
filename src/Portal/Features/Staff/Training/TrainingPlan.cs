using System.Security.Cryptography;

namespace Hidamari.Portal.Features.Staff.Training;

/// 研修計画: for a fiscal year, how many staff a course should train and its budget; a later entry for the same course replaces it.
public sealed record TrainingPlanned(Guid PlanId, int FiscalYear, Guid CourseId, int PlannedParticipants, long Budget);

public sealed record PlannedCourse(Guid CourseId, int PlannedParticipants, long Budget);

public sealed record TrainingPlan(Guid Id, int FiscalYear, IReadOnlyList<PlannedCourse> Courses)
{
    public long Version { get; set; }

    public static TrainingPlan Create(TrainingPlanned e) => new(e.PlanId, e.FiscalYear, [new(e.CourseId, e.PlannedParticipants, e.Budget)]);

    public TrainingPlan Apply(TrainingPlanned e) =>
        this with { Courses = [.. Courses.Where(c => c.CourseId != e.CourseId), new(e.CourseId, e.PlannedParticipants, e.Budget)] };

    /// One plan stream per fiscal year, its id derived from the year.
    public static Guid StreamIdFor(int fiscalYear)
    {
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"training-plan:{fiscalYear}"))[..16];
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash);
    }
}
