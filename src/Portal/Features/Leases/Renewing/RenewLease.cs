using FluentValidation;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.Renewing;

/// 契約更新: the term runs until <see cref="NewEndsOn"/>; <see cref="Fee"/> (更新料) is paid on <see cref="RenewedOn"/>.
public sealed record RenewLease(DateOnly RenewedOn, DateOnly NewEndsOn, long Fee, long? ExpectedVersion = null);

public sealed class RenewLeaseValidator : AbstractValidator<RenewLease>
{
    public RenewLeaseValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.RenewedOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.NewEndsOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Fee).InclusiveBetween(0, LeaseTermsValidator.MaxYen)
            .WithMessage(_ => text["Validation.Lease.YenRange", 0, LeaseTermsValidator.MaxYen]);
    }
}

public static class RenewingLease
{
    /// <summary>
    /// A terminated lease cannot be renewed; a 定期借家 lease is never renewed (借地借家法 §38: a new contract is
    /// recorded as a new lease); the new end lies after the current one; the renewal is agreed after the lease began
    /// and no later than the day after the current term ends (a lapsed 普通借家 continues by law, so a late
    /// agreement is recorded as of that day).
    /// </summary>
    public static Decision<LeaseRenewed> Decide(Lease lease, RenewLease command)
    {
        if (lease.IsTerminated)
            return Decision<LeaseRenewed>.Refuse(nameof(RenewLease.RenewedOn), "Validation.Lease.AlreadyTerminated");
        if (lease.Terms.Renewal == RenewalKind.FixedTerm)
            return Decision<LeaseRenewed>.Refuse(nameof(RenewLease.RenewedOn), "Validation.Lease.FixedTermNoRenewal");
        if (command.NewEndsOn <= lease.EndsOn)
            return Decision<LeaseRenewed>.Refuse(nameof(RenewLease.NewEndsOn), "Validation.Lease.NewEndAfterCurrent");
        if (command.RenewedOn < lease.Terms.StartsOn)
            return Decision<LeaseRenewed>.Refuse(nameof(RenewLease.RenewedOn), "Validation.Lease.RenewedBeforeStart");
        if (command.RenewedOn > command.NewEndsOn)
            return Decision<LeaseRenewed>.Refuse(nameof(RenewLease.RenewedOn), "Validation.Lease.RenewedAfterNewEnd");
        return Decision<LeaseRenewed>.Accept(new LeaseRenewed(lease.Id, command.RenewedOn, lease.EndsOn, command.NewEndsOn, command.Fee));
    }
}
