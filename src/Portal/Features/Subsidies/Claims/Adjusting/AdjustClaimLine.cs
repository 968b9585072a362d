using FluentValidation;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims.Adjusting;

/// <param name="ExpectedVersion">The claim's stream version the caller saw; a stale one is refused with 409.</param>
public sealed record AdjustClaimLine(string LineCode, long AmountYen, string Reason, long? ExpectedVersion = null);

public sealed class AdjustClaimLineValidator : AbstractValidator<AdjustClaimLine>
{
    public AdjustClaimLineValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.LineCode).NotEmpty().WithMessage(_ => text["Claims.Validation.Line"]);
        RuleFor(c => c.AmountYen).InclusiveBetween(0, 10_000_000_000).WithMessage(_ => text["Claims.Validation.Amount"]);
        RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => text["Subsidies.Validation.ReasonRequired"])
            .MaximumLength(1000).WithMessage(_ => text["Validation.NameTooLong", 1000]);
    }
}

public static class AdjustingClaimLine
{
    /// A locked claim never changes; only lines the statement has can be adjusted.
    public static Decision<ClaimLineAdjusted> Decide(Claim claim, AdjustClaimLine command, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(command);
        if (claim.Locked) return Decision<ClaimLineAdjusted>.Refuse("Claim", "Claims.Validation.Locked");
        if (claim.Lines.FirstOrDefault(l => l.Line.Code == command.LineCode) is not { } line)
            return Decision<ClaimLineAdjusted>.Refuse(nameof(command.LineCode), "Claims.Validation.Line");
        return Decision<ClaimLineAdjusted>.Accept(
            new ClaimLineAdjusted(claim.Id, command.LineCode, line.ClaimedYen, command.AmountYen, command.Reason.Trim(), user, now));
    }
}
