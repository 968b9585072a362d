using FluentValidation;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.Closing;

/// Closes a main-building unit; <see cref="ConvertedTo"/> records the function its space takes on (高機能化・多機能化).
public sealed record CloseLivingUnit(Guid UnitId, DateOnly EffectiveOn, MainSpaceFunction? ConvertedTo = null, string? Reason = null, long? ExpectedVersion = null);

public sealed record CloseGroupHome(Guid GroupHomeId, DateOnly EffectiveOn, string? Reason = null, long? ExpectedVersion = null);

public sealed class CloseLivingUnitValidator : AbstractValidator<CloseLivingUnit>
{
    public CloseLivingUnitValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.ConvertedTo).IsInEnum().WithMessage(_ => text["Facilities.Validation.Function"]);
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => text["Facilities.Validation.ReasonTooLong", 500]);
    }
}

public sealed class CloseGroupHomeValidator : AbstractValidator<CloseGroupHome>
{
    public CloseGroupHomeValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => text["Facilities.Validation.ReasonTooLong", 500]);
    }
}

public static class Closing
{
    public static Decision<IFacilityEvent> Decide(Facility facility, CloseLivingUnit command) =>
        Check(facility.Unit(command.UnitId), nameof(command.UnitId), "Facilities.Validation.UnitUnknown", command.EffectiveOn)
        ?? Decision<IFacilityEvent>.Accept(new LivingUnitClosed(facility.Id, command.UnitId, command.EffectiveOn, command.ConvertedTo,
            ChangingCapacity.ChangingCapacity.Trim(command.Reason)));

    public static Decision<IFacilityEvent> Decide(Facility facility, CloseGroupHome command) =>
        Check(facility.GroupHome(command.GroupHomeId), nameof(command.GroupHomeId), "Facilities.Validation.GroupHomeUnknown", command.EffectiveOn)
        ?? Decision<IFacilityEvent>.Accept(new GroupHomeClosed(facility.Id, command.GroupHomeId, command.EffectiveOn,
            ChangingCapacity.ChangingCapacity.Trim(command.Reason)));

    private static Decision<IFacilityEvent>? Check(Facility.Place? place, string field, string unknownKey, DateOnly effectiveOn)
    {
        if (place is null) return Decision<IFacilityEvent>.Refuse(field, unknownKey);
        if (!place.IsOpen) return Decision<IFacilityEvent>.Refuse(field, "Facilities.Validation.PlaceClosed");
        if (effectiveOn <= place.OpenedOn) return Decision<IFacilityEvent>.Refuse("EffectiveOn", "Facilities.Validation.BeforeOpened");
        return null;
    }
}
