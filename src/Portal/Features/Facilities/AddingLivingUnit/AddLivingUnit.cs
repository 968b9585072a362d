using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.AddingLivingUnit;

/// Records a living unit (ユニット / 小規模グループケア) of the main building.
public sealed record AddLivingUnit(string Name, int Capacity, DateOnly EffectiveOn, long? ExpectedVersion = null);

public sealed class AddLivingUnitValidator : AbstractValidator<AddLivingUnit>
{
    public AddLivingUnitValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => text["Validation.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        // Any size is recorded as it is; whether it meets the SGC size rule is a standards finding, not an input error.
        RuleFor(c => c.Capacity).InclusiveBetween(1, 50).WithMessage(_ => text["Validation.CapacityRange", 1, 50]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
    }
}

public static class AddingLivingUnit
{
    public static Decision<IFacilityEvent> Decide(Facility facility, Guid unitId, AddLivingUnit command)
    {
        var name = command.Name.Trim();
        if (facility.Units.Any(u => u.IsOpen && u.Name == name))
            return Decision<IFacilityEvent>.Refuse(nameof(AddLivingUnit.Name), "Facilities.Validation.UnitNameTaken");
        if (command.EffectiveOn < facility.EffectiveOn)
            return Decision<IFacilityEvent>.Refuse(nameof(AddLivingUnit.EffectiveOn), "Facilities.Validation.BeforeFacility");
        return Decision<IFacilityEvent>.Accept(new LivingUnitAdded(facility.Id, unitId, name, command.Capacity, command.EffectiveOn));
    }
}
