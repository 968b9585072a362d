using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Plans.SettingPlanYear;

/// Sets (or corrects) one facility's planned figures at the end of one fiscal year.
public sealed record SetPlanYear(Guid FacilityId, int FiscalYear, PlannedFigures Figures, string? Steps = null, long? ExpectedVersion = null);

public sealed class SetPlanYearValidator : AbstractValidator<SetPlanYear>
{
    public SetPlanYearValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.FacilityId).NotEmpty().WithMessage(_ => text["Plans.Validation.Facility"]);
        RuleFor(c => c.FiscalYear).InclusiveBetween(Dates.Earliest.Year, Dates.Latest.Year - 1)
            .WithMessage(_ => text["Plans.Validation.FiscalYear", Dates.Earliest.Year, Dates.Latest.Year - 1]);
        RuleFor(c => c.Figures).NotNull().WithMessage(_ => text["Plans.Validation.Figures"]).SetValidator(new PlannedFiguresValidator(text));
        RuleFor(c => c.Steps).MaximumLength(2000).WithMessage(_ => text["Plans.Validation.StepsTooLong", 2000]);
    }
}

/// <summary>
/// Figures that cannot be a plan: negative numbers, a capacity smaller than its units or group homes can hold
/// (each ≥6 needs at least 6, each 4–5 at least 4), or places without any unit or home to hold them.
/// </summary>
public sealed class PlannedFiguresValidator : AbstractValidator<PlannedFigures>
{
    public PlannedFiguresValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(f => f.MainUnitsSixOrMore).InclusiveBetween(0, 100).WithMessage(_ => text["Plans.Validation.Count", 0, 100]);
        RuleFor(f => f.MainUnitsFourToFive).InclusiveBetween(0, 100).WithMessage(_ => text["Plans.Validation.Count", 0, 100]);
        RuleFor(f => f.GroupHomesSixOrMore).InclusiveBetween(0, 100).WithMessage(_ => text["Plans.Validation.Count", 0, 100]);
        RuleFor(f => f.GroupHomesFourToFive).InclusiveBetween(0, 100).WithMessage(_ => text["Plans.Validation.Count", 0, 100]);
        RuleFor(f => f.MainCapacity).InclusiveBetween(0, 500).WithMessage(_ => text["Plans.Validation.Capacity", 0, 500])
            .Must((f, c) => c >= 6 * f.MainUnitsSixOrMore + 4 * f.MainUnitsFourToFive).WithMessage(_ => text["Plans.Validation.MainTooSmall"]);
        RuleFor(f => f.GroupHomeCapacity).InclusiveBetween(0, 500).WithMessage(_ => text["Plans.Validation.Capacity", 0, 500])
            .Must((f, c) => c >= 6 * f.GroupHomesSixOrMore + 4 * f.GroupHomesFourToFive).WithMessage(_ => text["Plans.Validation.GroupHomesTooSmall"])
            .Must((f, c) => c == 0 || f.GroupHomeCount > 0).WithMessage(_ => text["Plans.Validation.GroupHomesMissing"]);
    }
}
