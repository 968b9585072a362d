using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Staff.Training;

/// A course as every role sees it: no attendee names.
public sealed record CourseSummary(
    Guid Id, string Title, TrainingProvider Provider, TrainingCategory Category, decimal Hours, long FeePerParticipant,
    int? ValidityMonths, IReadOnlyList<JobCategory> MandatoryFor, int Sessions, int Participants, DateOnly? LastHeldOn, long Version);

/// 研修費 of one course in a fiscal year against the plan.
/// <param name="PersonHours">hours attended, summed over people.</param>
public sealed record CourseCost(
    Guid CourseId, string Title, TrainingCategory Category, TrainingProvider Provider, int Sessions, int Participants,
    decimal PersonHours, long Cost, int PlannedParticipants, long Budget);

public sealed record TrainingCosts(int FiscalYear, IReadOnlyList<CourseCost> Courses)
{
    public long Total => Courses.Sum(c => c.Cost);

    public long TotalBudget => Courses.Sum(c => c.Budget);
}

/// One attendance in the training record (研修受講記録): personal data, for managers.
public sealed record TrainingRecordRow(
    string StaffName, JobCategory Category, string CourseTitle, TrainingCategory CourseCategory, TrainingProvider Provider,
    DateOnly HeldOn, decimal Hours, bool Completed, string? CertificateNumber, DateOnly? ValidUntil);

/// <summary>Training costs per course and fiscal year, for grant applications (研修費) and the training plan.</summary>
public interface ITrainingCosts
{
    Task<TrainingCosts> CostsAsync(TenantInfo tenant, int fiscalYear, CancellationToken ct);
}

public sealed class TrainingQueries(TenantStores stores, StaffQueries staff) : ITrainingCosts
{
    public async Task<IReadOnlyList<CourseSummary>> CoursesAsync(TenantInfo tenant, CancellationToken ct) =>
        (await staff.CoursesAsync(tenant, ct)).OrderBy(c => c.Category).ThenBy(c => c.Title, StringComparer.Ordinal)
            .Select(c => new CourseSummary(c.Id, c.Title, c.Provider, c.Category, c.Hours, c.FeePerParticipant, c.ValidityMonths, c.MandatoryFor,
                c.Sessions.Count, c.Sessions.Sum(s => s.Attendees.Count), c.Sessions.Count == 0 ? null : c.Sessions.Max(s => s.HeldOn), c.Version))
            .ToList();

    public async Task<TrainingPlan?> PlanAsync(TenantInfo tenant, int fiscalYear, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.LoadAsync<TrainingPlan>(TrainingPlan.StreamIdFor(fiscalYear), ct);
    }

    /// Every course that was planned or held in the fiscal year, with its cost: session costs plus fees per attendee.
    public async Task<TrainingCosts> CostsAsync(TenantInfo tenant, int fiscalYear, CancellationToken ct)
    {
        var courses = await staff.CoursesAsync(tenant, ct);
        var plan = await PlanAsync(tenant, fiscalYear, ct);
        var lines = courses.Select(c =>
            {
                var sessions = c.SessionsInFiscalYear(fiscalYear).ToList();
                var planned = plan?.Courses.FirstOrDefault(p => p.CourseId == c.Id);
                return new CourseCost(c.Id, c.Title, c.Category, c.Provider, sessions.Count, sessions.Sum(s => s.Attendees.Count),
                    sessions.Sum(s => s.Attendees.Sum(a => a.Hours)), c.CostInFiscalYear(fiscalYear), planned?.PlannedParticipants ?? 0, planned?.Budget ?? 0);
            })
            .Where(l => l.Sessions > 0 || l.PlannedParticipants > 0 || l.Budget > 0)
            .OrderBy(l => l.Category).ThenBy(l => l.Title, StringComparer.Ordinal).ToList();
        return new TrainingCosts(fiscalYear, lines);
    }

    /// Who attended what (all years, or one fiscal year), newest first.
    public async Task<IReadOnlyList<TrainingRecordRow>> RecordAsync(TenantInfo tenant, int? fiscalYear, CancellationToken ct)
    {
        var people = (await staff.AllAsync(tenant, ct)).ToDictionary(s => s.Id);
        var courses = await staff.CoursesAsync(tenant, ct);
        return courses.SelectMany(c => c.Sessions
                .Where(s => fiscalYear is null || JapaneseDates.FiscalYearOf(s.HeldOn) == fiscalYear)
                .SelectMany(s => s.Attendees.Select(a =>
                {
                    var person = people.GetValueOrDefault(a.StaffId);
                    return new TrainingRecordRow(person?.Name ?? "?", person?.TermsOn(s.HeldOn)?.Category ?? JobCategory.Other, c.Title, c.Category,
                        c.Provider, s.HeldOn, a.Hours, a.Completed, a.CertificateNumber,
                        a.Completed && c.ValidityMonths is { } m ? s.HeldOn.AddMonths(m).AddDays(-1) : null);
                })))
            .OrderByDescending(r => r.HeldOn).ThenBy(r => r.StaffName, StringComparer.Ordinal).ToList();
    }
}
