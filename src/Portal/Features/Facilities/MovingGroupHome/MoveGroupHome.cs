using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.MovingGroupHome;

/// A group home moves to another house; its capacity stays.
public sealed record MoveGroupHome(Guid GroupHomeId, string Address, DateOnly EffectiveOn, long? ExpectedVersion = null);

public sealed class MoveGroupHomeValidator : AbstractValidator<MoveGroupHome>
{
    public MoveGroupHomeValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Address).NotEmpty().WithMessage(_ => text["Validation.AddressRequired"])
            .MaximumLength(200).WithMessage(_ => text["Validation.AddressTooLong", 200]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
    }
}

public static class MovingGroupHome
{
    public static Decision<IFacilityEvent> Decide(Facility facility, MoveGroupHome command)
    {
        var home = facility.GroupHome(command.GroupHomeId);
        if (home is null) return Decision<IFacilityEvent>.Refuse(nameof(command.GroupHomeId), "Facilities.Validation.GroupHomeUnknown");
        if (!home.IsOpen) return Decision<IFacilityEvent>.Refuse(nameof(command.GroupHomeId), "Facilities.Validation.PlaceClosed");
        if (command.EffectiveOn < home.OpenedOn) return Decision<IFacilityEvent>.Refuse(nameof(command.EffectiveOn), "Facilities.Validation.BeforeOpened");
        return Decision<IFacilityEvent>.Accept(new GroupHomeMoved(facility.Id, command.GroupHomeId, command.Address.Trim(), command.EffectiveOn));
    }
}
