using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.ChangingCapacity;

/// 小規模化 (or a rise): a main-building unit's capacity from <see cref="EffectiveOn"/>.
public sealed record ChangeLivingUnitCapacity(Guid UnitId, int Capacity, DateOnly EffectiveOn, string? Reason = null, long? ExpectedVersion = null);

/// 小規模化 (or a rise): a group home's capacity from <see cref="EffectiveOn"/>, e.g. 6 → 4.
public sealed record ChangeGroupHomeCapacity(Guid GroupHomeId, int Capacity, DateOnly EffectiveOn, string? Reason = null, long? ExpectedVersion = null);

public sealed class ChangeLivingUnitCapacityValidator : AbstractValidator<ChangeLivingUnitCapacity>
{
    public ChangeLivingUnitCapacityValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Capacity).InclusiveBetween(1, 50).WithMessage(_ => text["Validation.CapacityRange", 1, 50]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => text["Facilities.Validation.ReasonTooLong", 500]);
    }
}

public sealed class ChangeGroupHomeCapacityValidator : AbstractValidator<ChangeGroupHomeCapacity>
{
    public ChangeGroupHomeCapacityValidator(IStringLocalizer<SharedResource> text)
    {
        // 定員 of a group home is at most 6 (seed 001), as when opening one.
        RuleFor(c => c.Capacity).InclusiveBetween(1, 6).WithMessage(_ => text["Validation.CapacityRange", 1, 6]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Reason).MaximumLength(500).WithMessage(_ => text["Facilities.Validation.ReasonTooLong", 500]);
    }
}

public static class ChangingCapacity
{
    public static Decision<IFacilityEvent> Decide(Facility facility, ChangeLivingUnitCapacity command) =>
        Check(facility.Unit(command.UnitId), nameof(command.UnitId), "Facilities.Validation.UnitUnknown", command.Capacity, command.EffectiveOn) is { } refusal
            ? refusal
            : Decision<IFacilityEvent>.Accept(new LivingUnitCapacityChanged(
                facility.Id, command.UnitId, facility.Unit(command.UnitId)!.Capacity, command.Capacity, command.EffectiveOn, Trim(command.Reason)));

    public static Decision<IFacilityEvent> Decide(Facility facility, ChangeGroupHomeCapacity command) =>
        Check(facility.GroupHome(command.GroupHomeId), nameof(command.GroupHomeId), "Facilities.Validation.GroupHomeUnknown", command.Capacity, command.EffectiveOn) is { } refusal
            ? refusal
            : Decision<IFacilityEvent>.Accept(new GroupHomeCapacityChanged(
                facility.Id, command.GroupHomeId, facility.GroupHome(command.GroupHomeId)!.Capacity, command.Capacity, command.EffectiveOn, Trim(command.Reason)));

    /// A change needs an open place, a date from its opening on, and a capacity that differs from the current one.
    private static Decision<IFacilityEvent>? Check(Facility.Place? place, string field, string unknownKey, int capacity, DateOnly effectiveOn)
    {
        if (place is null) return Decision<IFacilityEvent>.Refuse(field, unknownKey);
        if (!place.IsOpen) return Decision<IFacilityEvent>.Refuse(field, "Facilities.Validation.PlaceClosed");
        if (effectiveOn < place.OpenedOn) return Decision<IFacilityEvent>.Refuse("EffectiveOn", "Facilities.Validation.BeforeOpened");
        if (capacity == place.Capacity) return Decision<IFacilityEvent>.Refuse("Capacity", "Facilities.Validation.CapacityUnchanged");
        return null;
    }

    internal static string? Trim(string? reason) => string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
}
