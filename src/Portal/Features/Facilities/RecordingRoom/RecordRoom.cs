using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.RecordingRoom;

/// <summary>
/// Records (or, with the id of a recorded room, corrects) a bedroom: where it is, floor area, residents it is for,
/// whether only infants / pre-school children sleep there, and when it was built, extended or fully rebuilt.
/// </summary>
public sealed record RecordRoom(
    string Name, RoomPlace Place, Guid? PlaceId, decimal AreaSquareMetres, int Residents, bool InfantsOnly, DateOnly BuiltOn,
    DateOnly EffectiveOn, Guid? RoomId = null);

public sealed class RecordRoomValidator : AbstractValidator<RecordRoom>
{
    public RecordRoomValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Name).NotEmpty().WithMessage(_ => text["Validation.NameRequired"])
            .MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.Place).IsInEnum().WithMessage(_ => text["Facilities.Validation.RoomPlace"]);
        RuleFor(c => c.AreaSquareMetres).InclusiveBetween(0.5m, 500m).WithMessage(_ => text["Facilities.Validation.AreaRange", 0.5m, 500]);
        RuleFor(c => c.Residents).InclusiveBetween(1, 50).WithMessage(_ => text["Facilities.Validation.CountRange", 1, 50]);
        RuleFor(c => c.BuiltOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
    }
}

public static class RecordingRoom
{
    public static Decision<IFacilityEvent> Decide(Facility facility, Guid roomId, RecordRoom command)
    {
        var placeKnown = command.Place switch
        {
            RoomPlace.MainBuilding => command.PlaceId is null,
            RoomPlace.LivingUnit => command.PlaceId is { } unit && facility.Unit(unit) is not null,
            _ => command.PlaceId is { } home && facility.GroupHome(home) is not null,
        };
        if (!placeKnown) return Decision<IFacilityEvent>.Refuse(nameof(command.PlaceId), "Facilities.Validation.RoomPlaceUnknown");
        if (command.EffectiveOn < facility.EffectiveOn)
            return Decision<IFacilityEvent>.Refuse(nameof(command.EffectiveOn), "Facilities.Validation.BeforeFacility");
        return Decision<IFacilityEvent>.Accept(new RoomRecorded(facility.Id, roomId, command.Name.Trim(), command.Place, command.PlaceId,
            command.AreaSquareMetres, command.Residents, command.InfantsOnly, command.BuiltOn, command.EffectiveOn));
    }
}
