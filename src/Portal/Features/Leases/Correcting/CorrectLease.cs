using FluentValidation;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.Correcting;

/// 訂正: the terms as they should have been recorded, and why. Recorded as a new event; nothing is overwritten.
public sealed record CorrectLease(LeaseTerms Terms, string Reason, long? ExpectedVersion = null);

public sealed class CorrectLeaseValidator : AbstractValidator<CorrectLease>
{
    public CorrectLeaseValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Terms).NotNull().SetValidator(new LeaseTermsValidator(text));
        RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => text["Validation.Lease.ReasonRequired"])
            .MaximumLength(500).WithMessage(_ => text["Validation.Lease.TextTooLong", 500]);
    }
}

public static class CorrectingLease
{
    /// A correction must stay consistent with what happened since: renewals, revisions and the move-out.
    public static Decision<LeaseCorrected> Decide(Lease lease, CorrectLease command)
    {
        var terms = SigningLease.Normalize(command.Terms);
        if (lease.Renewals.Count > 0 && terms.Renewal == RenewalKind.FixedTerm)
            return Decision<LeaseCorrected>.Refuse("Renewal", "Validation.Lease.FixedTermNoRenewal");
        if (lease.Renewals.Count > 0 && terms.EndsOn >= lease.Renewals[0].NewEndsOn)
            return Decision<LeaseCorrected>.Refuse("EndsOn", "Validation.Lease.CorrectionPastRenewal");
        if (lease.RentRevisions.Count > 0 && terms.StartsOn >= lease.RentRevisions.Min(r => r.EffectiveOn))
            return Decision<LeaseCorrected>.Refuse("StartsOn", "Validation.Lease.RevisionBeforeStart");
        if (lease.Termination is { } t && t.MoveOutOn < terms.StartsOn)
            return Decision<LeaseCorrected>.Refuse("StartsOn", "Validation.Lease.MoveOutBeforeStart");
        if (lease.Termination is { } t2 && t2.DepositReturned > terms.Deposit)
            return Decision<LeaseCorrected>.Refuse("Deposit", "Validation.Lease.DepositReturnedTooHigh");
        return Decision<LeaseCorrected>.Accept(new LeaseCorrected(lease.Id, terms, command.Reason.Trim()));
    }
}
