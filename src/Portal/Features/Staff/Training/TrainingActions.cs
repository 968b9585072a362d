using FluentValidation;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Training;

/// Add a course to the corporation's catalogue.
public sealed record CreateCourse(
    string Title, TrainingProvider Provider, TrainingCategory Category, decimal Hours, long FeePerParticipant,
    int? ValidityMonths, IReadOnlyList<JobCategory>? MandatoryFor);

/// Record a held session with its attendees; attendees must be employed on the day.
public sealed record RecordSession(DateOnly HeldOn, string? Location, decimal Hours, long SessionCost, IReadOnlyList<Attendance> Attendees, long? ExpectedVersion = null);

/// Plan a course in a fiscal year's training plan.
public sealed record PlanTraining(Guid CourseId, int PlannedParticipants, long Budget);

public sealed class CreateCourseValidator : AbstractValidator<CreateCourse>
{
    public const long MaxYen = 100_000_000;

    public CreateCourseValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Title).NotEmpty().WithMessage(_ => text["Validation.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.Provider).IsInEnum().WithMessage(_ => text["Validation.Training.Provider"]);
        RuleFor(c => c.Category).IsInEnum().WithMessage(_ => text["Validation.Training.Category"]);
        RuleFor(c => c.Hours).GreaterThan(0).LessThanOrEqualTo(1000).WithMessage(_ => text["Validation.Training.Hours"]);
        RuleFor(c => c.FeePerParticipant).InclusiveBetween(0, MaxYen).WithMessage(_ => text["Validation.Training.YenRange", 0, MaxYen]);
        RuleFor(c => c.ValidityMonths).InclusiveBetween(1, 120).When(c => c.ValidityMonths is not null)
            .WithMessage(_ => text["Validation.Training.ValidityMonths"]);
        RuleForEach(c => c.MandatoryFor).IsInEnum().WithMessage(_ => text["Validation.Staff.Category"]);
    }
}

public sealed class RecordSessionValidator : AbstractValidator<RecordSession>
{
    public RecordSessionValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.HeldOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Location).MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.Hours).GreaterThan(0).LessThanOrEqualTo(1000).WithMessage(_ => text["Validation.Training.Hours"]);
        RuleFor(c => c.SessionCost).InclusiveBetween(0, CreateCourseValidator.MaxYen).WithMessage(_ => text["Validation.Training.YenRange", 0, CreateCourseValidator.MaxYen]);
        RuleFor(c => c.Attendees).NotEmpty().WithMessage(_ => text["Validation.Training.AttendeesRequired"]);
        RuleForEach(c => c.Attendees).ChildRules(a =>
        {
            a.RuleFor(x => x.StaffId).NotEmpty().WithMessage(_ => text["Error.StaffNotFound"]);
            a.RuleFor(x => x.Hours).InclusiveBetween(0, 1000).WithMessage(_ => text["Validation.Training.Hours"]);
            a.RuleFor(x => x.CertificateNumber).MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
        });
        RuleFor(c => c.Attendees).Must(a => a is null || a.Select(x => x.StaffId).Distinct().Count() == a.Count)
            .WithMessage(_ => text["Validation.Training.DuplicateAttendee"]);
    }
}

public sealed class PlanTrainingValidator : AbstractValidator<PlanTraining>
{
    public PlanTrainingValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.CourseId).NotEmpty().WithMessage(_ => text["Error.CourseNotFound"]);
        RuleFor(c => c.PlannedParticipants).InclusiveBetween(0, 1000).WithMessage(_ => text["Validation.Staff.CountRange", 0, 1000]);
        RuleFor(c => c.Budget).InclusiveBetween(0, CreateCourseValidator.MaxYen).WithMessage(_ => text["Validation.Training.YenRange", 0, CreateCourseValidator.MaxYen]);
    }
}

public static class TrainingDecisions
{
    public static TrainingCourseCreated Create(Guid courseId, CreateCourse c) =>
        new(courseId, c.Title.Trim(), c.Provider, c.Category, c.Hours, c.FeePerParticipant, c.ValidityMonths,
            (c.MandatoryFor ?? []).Distinct().ToList());

    /// Every attendee must be a staff member employed on the day of the session.
    public static Decision<TrainingSessionRecorded> Record(TrainingCourse course, Guid sessionId, RecordSession c, IReadOnlyCollection<StaffRecord> staff)
    {
        foreach (var a in c.Attendees)
            if (staff.FirstOrDefault(s => s.Id == a.StaffId) is not { } s || !s.IsEmployedOn(c.HeldOn))
                return Decision<TrainingSessionRecorded>.Refuse(nameof(c.Attendees), "Validation.Training.AttendeeNotEmployed");
        return Decision<TrainingSessionRecorded>.Accept(new TrainingSessionRecorded(course.Id, sessionId, c.HeldOn,
            StaffRules.Clean(c.Location) ?? "", c.Hours, c.SessionCost,
            c.Attendees.Select(a => a with { Hours = a.Hours == 0 ? c.Hours : a.Hours, CertificateNumber = StaffRules.Clean(a.CertificateNumber) }).ToList()));
    }
}
