using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.Registering;

public sealed record RegisterFacility(FacilityKind Kind, string Name, string Address, int MainCapacity, DateOnly EffectiveOn);

public sealed class RegisterFacilityValidator : AbstractValidator<RegisterFacility>
{
    public RegisterFacilityValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => text["Validation.FacilityKind"]);
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => text["Validation.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.Address).NotEmpty().WithMessage(_ => text["Validation.AddressRequired"])
            .MaximumLength(200).WithMessage(_ => text["Validation.AddressTooLong", 200]);
        RuleFor(c => c.MainCapacity).InclusiveBetween(1, 500).WithMessage(_ => text["Validation.CapacityRange", 1, 500]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
    }
}

public static class RegisteringFacility
{
    /// The decision: a new stream starts with one event.
    public static FacilityRegistered Decide(Guid facilityId, RegisterFacility command) =>
        new(facilityId, command.Kind, command.Name.Trim(), command.Address.Trim(), command.MainCapacity, command.EffectiveOn);
}
