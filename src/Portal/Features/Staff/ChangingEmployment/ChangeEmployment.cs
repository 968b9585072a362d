using FluentValidation;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.ChangingEmployment;

/// Change category, employment type or weekly hours from a date.
public sealed record ChangeEmployment(JobCategory Category, EmploymentType Employment, decimal WeeklyHours, DateOnly EffectiveOn, long? ExpectedVersion = null);

public sealed class ChangeEmploymentValidator : AbstractValidator<ChangeEmployment>
{
    public ChangeEmploymentValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Category).IsInEnum().WithMessage(_ => text["Validation.Staff.Category"]);
        RuleFor(c => c.Employment).IsInEnum().WithMessage(_ => text["Validation.Staff.Employment"]);
        RuleFor(c => c.WeeklyHours).Must(StaffRules.PlausibleWeeklyHours).WithMessage(_ => text["Validation.Staff.WeeklyHours"]);
        RuleFor(c => c.WeeklyHours).GreaterThan(0).When(c => c.Employment == EmploymentType.PartTime)
            .WithMessage(_ => text["Validation.Staff.PartTimeHours"]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
    }
}

public static class ChangingEmployment
{
    public static Decision<StaffEmploymentChanged> Decide(StaffRecord current, ChangeEmployment c)
    {
        if (c.EffectiveOn < current.HiredOn) return Decision<StaffEmploymentChanged>.Refuse(nameof(c.EffectiveOn), "Validation.Staff.BeforeHired");
        if (current.LeftOn is { } left && c.EffectiveOn > left) return Decision<StaffEmploymentChanged>.Refuse(nameof(c.EffectiveOn), "Validation.Staff.AfterLeft");
        return Decision<StaffEmploymentChanged>.Accept(new StaffEmploymentChanged(current.Id, c.Category, c.Employment,
            c.Employment == EmploymentType.FullTime ? 0 : c.WeeklyHours, c.EffectiveOn));
    }
}
