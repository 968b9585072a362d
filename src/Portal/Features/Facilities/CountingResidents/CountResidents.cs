using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.CountingResidents;

/// <summary>
/// 現員 of one month, as counts by age band. <see cref="Month"/> may be any day of the month; the first is stored.
/// Counting the same month again corrects it.
/// </summary>
public sealed record CountResidents(DateOnly Month, int Infants, int Toddlers, int PreSchool, int SchoolAge, int NeedsIndividualCare);

public sealed class CountResidentsValidator : AbstractValidator<CountResidents>
{
    public CountResidentsValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Month).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Infants).InclusiveBetween(0, 500).WithMessage(_ => text["Facilities.Validation.CountRange", 0, 500]);
        RuleFor(c => c.Toddlers).InclusiveBetween(0, 500).WithMessage(_ => text["Facilities.Validation.CountRange", 0, 500]);
        RuleFor(c => c.PreSchool).InclusiveBetween(0, 500).WithMessage(_ => text["Facilities.Validation.CountRange", 0, 500]);
        RuleFor(c => c.SchoolAge).InclusiveBetween(0, 500).WithMessage(_ => text["Facilities.Validation.CountRange", 0, 500]);
        RuleFor(c => c.NeedsIndividualCare).GreaterThanOrEqualTo(0).WithMessage(_ => text["Facilities.Validation.CountRange", 0, 500])
            .Must((c, n) => n <= c.Infants + c.Toddlers + c.PreSchool + c.SchoolAge).WithMessage(_ => text["Facilities.Validation.IndividualCareExceedsTotal"]);
    }
}

public static class CountingResidents
{
    public static Decision<IFacilityEvent> Decide(Facility facility, CountResidents command)
    {
        var month = new DateOnly(command.Month.Year, command.Month.Month, 1);
        if (month < new DateOnly(facility.EffectiveOn.Year, facility.EffectiveOn.Month, 1))
            return Decision<IFacilityEvent>.Refuse(nameof(command.Month), "Facilities.Validation.BeforeFacility");
        return Decision<IFacilityEvent>.Accept(new ResidentsCounted(facility.Id, month,
            new ResidentCounts(command.Infants, command.Toddlers, command.PreSchool, command.SchoolAge, command.NeedsIndividualCare)));
    }
}
