using FluentValidation;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.RevisingRent;

/// 賃料改定: new rent and common charges from a date.
public sealed record ReviseRent(DateOnly EffectiveOn, long MonthlyRent, long CommonCharges, string? Note = null, long? ExpectedVersion = null);

public sealed class ReviseRentValidator : AbstractValidator<ReviseRent>
{
    public ReviseRentValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.EffectiveOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.MonthlyRent).InclusiveBetween(1, LeaseTermsValidator.MaxYen)
            .WithMessage(_ => text["Validation.Lease.YenRange", 1, LeaseTermsValidator.MaxYen]);
        RuleFor(c => c.CommonCharges).InclusiveBetween(0, LeaseTermsValidator.MaxYen)
            .WithMessage(_ => text["Validation.Lease.YenRange", 0, LeaseTermsValidator.MaxYen]);
        RuleFor(c => c.Note).MaximumLength(500).WithMessage(_ => text["Validation.Lease.TextTooLong", 500]);
    }
}

public static class RevisingRent
{
    /// A revision takes effect within the lease: not before it starts, not after the house was handed back.
    public static Decision<LeaseRentRevised> Decide(Lease lease, ReviseRent command)
    {
        if (command.EffectiveOn <= lease.Terms.StartsOn)
            return Decision<LeaseRentRevised>.Refuse(nameof(ReviseRent.EffectiveOn), "Validation.Lease.RevisionBeforeStart");
        if (lease.LastDayOfOccupation is { } last && command.EffectiveOn > last)
            return Decision<LeaseRentRevised>.Refuse(nameof(ReviseRent.EffectiveOn), "Validation.Lease.RevisionAfterEnd");
        return Decision<LeaseRentRevised>.Accept(
            new LeaseRentRevised(lease.Id, command.EffectiveOn, command.MonthlyRent, command.CommonCharges, (command.Note ?? "").Trim()));
    }
}
