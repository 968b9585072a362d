using FluentValidation;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.Terminating;

/// 解約: the house is handed back on <see cref="MoveOutOn"/>; the landlord returned <see cref="DepositReturned"/> of the 敷金.
public sealed record TerminateLease(
    DateOnly? NoticeGivenOn, DateOnly MoveOutOn, long DepositReturned, long RestorationCharge = 0, long? ExpectedVersion = null);

public sealed class TerminateLeaseValidator : AbstractValidator<TerminateLease>
{
    public TerminateLeaseValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.MoveOutOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.NoticeGivenOn).Must(d => d is null || Dates.IsPlausible(d.Value)).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.NoticeGivenOn).Must((c, d) => d is null || d <= c.MoveOutOn).WithMessage(_ => text["Validation.Lease.NoticeAfterMoveOut"]);
        RuleFor(c => c.DepositReturned).InclusiveBetween(0, LeaseTermsValidator.MaxYen)
            .WithMessage(_ => text["Validation.Lease.YenRange", 0, LeaseTermsValidator.MaxYen]);
        RuleFor(c => c.RestorationCharge).InclusiveBetween(0, LeaseTermsValidator.MaxYen)
            .WithMessage(_ => text["Validation.Lease.YenRange", 0, LeaseTermsValidator.MaxYen]);
    }
}

public static class TerminatingLease
{
    /// <summary>
    /// A lease ends once; the move-out lies within the lease (after it starts; for a fixed term, not after its end) and
    /// on or after the last rent revision; the landlord never returns more 敷金 than was paid.
    /// </summary>
    public static Decision<LeaseTerminated> Decide(Lease lease, TerminateLease command)
    {
        if (lease.IsTerminated)
            return Decision<LeaseTerminated>.Refuse(nameof(TerminateLease.MoveOutOn), "Validation.Lease.AlreadyTerminated");
        if (command.MoveOutOn < lease.Terms.StartsOn)
            return Decision<LeaseTerminated>.Refuse(nameof(TerminateLease.MoveOutOn), "Validation.Lease.MoveOutBeforeStart");
        if (lease.Terms.Renewal == RenewalKind.FixedTerm && command.MoveOutOn > lease.EndsOn)
            return Decision<LeaseTerminated>.Refuse(nameof(TerminateLease.MoveOutOn), "Validation.Lease.MoveOutAfterFixedTerm");
        if (lease.RentRevisions.Count > 0 && command.MoveOutOn < lease.RentRevisions.Max(r => r.EffectiveOn))
            return Decision<LeaseTerminated>.Refuse(nameof(TerminateLease.MoveOutOn), "Validation.Lease.MoveOutBeforeRevision");
        if (command.DepositReturned > lease.Terms.Deposit)
            return Decision<LeaseTerminated>.Refuse(nameof(TerminateLease.DepositReturned), "Validation.Lease.DepositReturnedTooHigh");
        return Decision<LeaseTerminated>.Accept(
            new LeaseTerminated(lease.Id, command.NoticeGivenOn, command.MoveOutOn, command.DepositReturned, command.RestorationCharge));
    }
}
