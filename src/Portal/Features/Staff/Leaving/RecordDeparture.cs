using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Leaving;

/// 退職: the last day of employment.
public sealed record RecordDeparture(DateOnly LeftOn, long? ExpectedVersion = null);

public sealed class RecordDepartureValidator : AbstractValidator<RecordDeparture>
{
    public RecordDepartureValidator(IStringLocalizer<SharedResource> text) =>
        RuleFor(c => c.LeftOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
}

public static class RecordingDeparture
{
    public static Decision<StaffMemberLeft> Decide(StaffRecord current, RecordDeparture c) =>
        c.LeftOn < current.HiredOn
            ? Decision<StaffMemberLeft>.Refuse(nameof(c.LeftOn), "Validation.Staff.BeforeHired")
            : Decision<StaffMemberLeft>.Accept(new StaffMemberLeft(current.Id, c.LeftOn));
}
