using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Leases.Signing;

/// Record a lease signed for a group home.
public sealed record SignLease(Guid GroupHomeId, LeaseTerms Terms);

public sealed class SignLeaseValidator : AbstractValidator<SignLease>
{
    public SignLeaseValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.GroupHomeId).NotEmpty().WithMessage(_ => text["Validation.Lease.GroupHomeRequired"]);
        RuleFor(c => c.Terms).NotNull().SetValidator(new LeaseTermsValidator(text));
    }
}

/// <summary>The rules every set of lease terms obeys, at signing and when corrected.</summary>
public sealed class LeaseTermsValidator : AbstractValidator<LeaseTerms>
{
    /// One hundred million yen: far above any house rent, low enough to catch a typo of extra zeros.
    public const long MaxYen = 100_000_000;

    public LeaseTermsValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(t => t.Landlord).NotEmpty().WithMessage(_ => text["Validation.Lease.LandlordRequired"])
            .MaximumLength(200).WithMessage(_ => text["Validation.Lease.TextTooLong", 200]);
        RuleFor(t => t.LandlordContact).MaximumLength(200).WithMessage(_ => text["Validation.Lease.TextTooLong", 200]);
        RuleFor(t => t.Address).NotEmpty().WithMessage(_ => text["Validation.AddressRequired"])
            .MaximumLength(200).WithMessage(_ => text["Validation.AddressTooLong", 200]);
        RuleFor(t => t.FloorArea).GreaterThan(0).LessThanOrEqualTo(10_000).WithMessage(_ => text["Validation.Lease.FloorArea"]);
        RuleFor(t => t.Rooms).MaximumLength(50).WithMessage(_ => text["Validation.Lease.TextTooLong", 50]);
        RuleFor(t => t.SignedOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(t => t.StartsOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(t => t.EndsOn).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"])
            .GreaterThan(t => t.StartsOn).WithMessage(_ => text["Validation.Lease.EndAfterStart"]);
        RuleFor(t => t.SignedOn).LessThanOrEqualTo(t => t.EndsOn).WithMessage(_ => text["Validation.Lease.SignedBeforeEnd"]);
        RuleFor(t => t.Renewal).IsInEnum().WithMessage(_ => text["Validation.Lease.RenewalKind"]);
        RuleFor(t => t.NoticePeriodMonths).InclusiveBetween(0, 24).WithMessage(_ => text["Validation.Lease.MonthsRange", 0, 24]);
        RuleFor(t => t.RenewalTermMonths).InclusiveBetween(1, 120).When(t => t.Renewal != RenewalKind.FixedTerm)
            .WithMessage(_ => text["Validation.Lease.MonthsRange", 1, 120]);
        RuleFor(t => t.RenewalTermMonths).Equal(0).When(t => t.Renewal == RenewalKind.FixedTerm)
            .WithMessage(_ => text["Validation.Lease.FixedTermNoRenewal"]);
        RuleFor(t => t.RenewalFee).Equal(0).When(t => t.Renewal == RenewalKind.FixedTerm)
            .WithMessage(_ => text["Validation.Lease.FixedTermNoRenewal"]);
        RuleFor(t => t.MonthlyRent).InclusiveBetween(1, MaxYen).WithMessage(_ => text["Validation.Lease.YenRange", 1, MaxYen]);
        foreach (var money in new (System.Linq.Expressions.Expression<Func<LeaseTerms, long>> Field, int _)[]
                 {
                     (t => t.CommonCharges, 0), (t => t.Deposit, 0), (t => t.KeyMoney, 0), (t => t.BrokerageFee, 0),
                     (t => t.GuarantorFee, 0), (t => t.RenewalFee, 0),
                 })
        {
            RuleFor(money.Field).InclusiveBetween(0, MaxYen).WithMessage(_ => text["Validation.Lease.YenRange", 0, MaxYen]);
        }
        RuleFor(t => t.RestorationObligations).MaximumLength(2000).WithMessage(_ => text["Validation.Lease.TextTooLong", 2000]);
    }
}

public static class SigningLease
{
    public static LeaseSigned Decide(Guid leaseId, SignLease command) =>
        new(leaseId, command.GroupHomeId, Normalize(command.Terms));

    /// Trims what people type; blank optional text is stored as an empty string, never null.
    public static LeaseTerms Normalize(LeaseTerms t) => t with
    {
        Landlord = t.Landlord.Trim(),
        LandlordContact = (t.LandlordContact ?? "").Trim(),
        Address = t.Address.Trim(),
        Rooms = (t.Rooms ?? "").Trim(),
        RestorationObligations = (t.RestorationObligations ?? "").Trim(),
    };
}
