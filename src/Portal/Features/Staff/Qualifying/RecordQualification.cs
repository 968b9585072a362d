using FluentValidation;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff.Qualifying;

/// Record a qualification (資格・免許・修了証) with its dates; a renewal is recorded as a new one.
public sealed record RecordQualification(
    QualificationKind Kind, string? Title, DateOnly ObtainedOn, DateOnly? ExpiresOn, string? Number, long? ExpectedVersion = null);

public sealed class RecordQualificationValidator : AbstractValidator<RecordQualification>
{
    public RecordQualificationValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => text["Validation.Staff.QualificationKind"]);
        RuleFor(c => c.Title).MaximumLength(100).WithMessage(_ => text["Validation.NameTooLong", 100]);
        RuleFor(c => c.Number).MaximumLength(50).WithMessage(_ => text["Validation.NameTooLong", 50]);
        RuleFor(c => c.ObtainedOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.ExpiresOn).Must(d => d is null || Dates.IsPlausible(d.Value)).WithMessage(_ => text["Validation.DatePlausible"])
            .GreaterThan(c => c.ObtainedOn).When(c => c.ExpiresOn is not null).WithMessage(_ => text["Validation.Staff.ExpiresAfterObtained"]);
    }
}

public static class RecordingQualification
{
    public static QualificationRecorded Decide(StaffRecord current, Guid qualificationId, RecordQualification c) =>
        new(current.Id, qualificationId, c.Kind, StaffRules.Clean(c.Title), c.ObtainedOn, c.ExpiresOn, StaffRules.Clean(c.Number));
}
