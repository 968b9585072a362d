using FluentValidation;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Assigning;

/// Move a staff member to a facility (and unit or group home) from a date; no facility means unassigned from then.
public sealed record AssignStaffMember(Guid? FacilityId, Guid? GroupHomeId, string? Unit, DateOnly EffectiveOn, long? ExpectedVersion = null);

public sealed class AssignStaffMemberValidator : AbstractValidator<AssignStaffMember>
{
    public AssignStaffMemberValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Unit).MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
        RuleFor(c => c.GroupHomeId).Null().When(c => c.FacilityId is null).WithMessage(_ => text["Validation.Staff.FacilityRequired"]);
    }
}

public static class AssigningStaffMember
{
    /// A place must exist (the group home under that facility) and the date must fall within the employment.
    public static Decision<StaffAssigned> Decide(StaffRecord current, AssignStaffMember c, IReadOnlyList<FacilityOverview> facilities)
    {
        if (c.EffectiveOn < current.HiredOn) return Decision<StaffAssigned>.Refuse(nameof(c.EffectiveOn), "Validation.Staff.BeforeHired");
        if (current.LeftOn is { } left && c.EffectiveOn > left) return Decision<StaffAssigned>.Refuse(nameof(c.EffectiveOn), "Validation.Staff.AfterLeft");
        var place = PlaceCheck(c.FacilityId, c.GroupHomeId, facilities);
        if (place is not null) return Decision<StaffAssigned>.Refuse(place.Value.Field, place.Value.Key);
        return Decision<StaffAssigned>.Accept(new StaffAssigned(current.Id, c.FacilityId, c.GroupHomeId,
            c.FacilityId is null || c.GroupHomeId is not null ? null : StaffRules.Clean(c.Unit), c.EffectiveOn));
    }

    /// The field and message key when the facility or group home is not one of the corporation's.
    public static (string Field, string Key)? PlaceCheck(Guid? facilityId, Guid? groupHomeId, IReadOnlyList<FacilityOverview> facilities)
    {
        if (facilityId is null) return null;
        var facility = facilities.FirstOrDefault(f => f.Id == facilityId);
        if (facility is null) return ("FacilityId", "Error.FacilityNotFound");
        if (groupHomeId is { } gh && facility.GroupHomes.All(g => g.Id != gh)) return ("GroupHomeId", "Validation.Staff.GroupHomeNotInFacility");
        return null;
    }
}
