using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Hiring;

/// Record a newly hired staff member, optionally with the first assignment.
public sealed record HireStaffMember(
    string Name, string? NameKana, DateOnly HiredOn, JobCategory Category, EmploymentType Employment, decimal WeeklyHours,
    decimal PriorExperienceYears, Guid? FacilityId = null, Guid? GroupHomeId = null, string? Unit = null);

public sealed class HireStaffMemberValidator : AbstractValidator<HireStaffMember>
{
    public HireStaffMemberValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => text["Validation.Staff.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.NameKana).MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.HiredOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Category).IsInEnum().WithMessage(_ => text["Validation.Staff.Category"]);
        RuleFor(c => c.Employment).IsInEnum().WithMessage(_ => text["Validation.Staff.Employment"]);
        RuleFor(c => c.WeeklyHours).Must(StaffRules.PlausibleWeeklyHours).WithMessage(_ => text["Validation.Staff.WeeklyHours"]);
        RuleFor(c => c.WeeklyHours).GreaterThan(0).When(c => c.Employment == EmploymentType.PartTime)
            .WithMessage(_ => text["Validation.Staff.PartTimeHours"]);
        RuleFor(c => c.PriorExperienceYears).InclusiveBetween(0, 60).WithMessage(_ => text["Validation.Staff.Experience"]);
        RuleFor(c => c.Unit).MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
        RuleFor(c => c.GroupHomeId).Null().When(c => c.FacilityId is null).WithMessage(_ => text["Validation.Staff.FacilityRequired"]);
    }
}

public static class StaffRules
{
    /// 0–60 hours a week: a part-timer's contracted hours (a full-timer's are the full-time week, whatever is typed).
    public static bool PlausibleWeeklyHours(decimal hours) => hours is >= 0 and <= 60;

    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

public static class HiringStaffMember
{
    /// The decision: a new stream starts with the hiring and, when a place is given, the first assignment.
    public static IReadOnlyList<object> Decide(Guid staffId, HireStaffMember c)
    {
        var events = new List<object>
        {
            new StaffMemberHired(staffId, c.Name.Trim(), (c.NameKana ?? "").Trim(), c.HiredOn, c.Category, c.Employment,
                c.Employment == EmploymentType.FullTime ? 0 : c.WeeklyHours, c.PriorExperienceYears),
        };
        if (c.FacilityId is { } facility)
            events.Add(new StaffAssigned(staffId, facility, c.GroupHomeId, c.GroupHomeId is null ? StaffRules.Clean(c.Unit) : null, c.HiredOn));
        return events;
    }
}
