using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims.Correcting;

/// <summary>Correct a locked claim: a new version recalculated from today's record (and new figures, or the old ones).</summary>
public sealed record CorrectClaim(string Reason, EstimateFigures? Figures = null);

public sealed class CorrectClaimValidator : AbstractValidator<CorrectClaim>
{
    public CorrectClaimValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Reason).NotEmpty().WithMessage(_ => text["Subsidies.Validation.ReasonRequired"])
            .MaximumLength(1000).WithMessage(_ => text["Validation.NameTooLong", 1000]);
        RuleFor(c => c.Figures!).SetValidator(new EstimateFiguresValidator(text)).When(c => c.Figures is not null);
    }
}

public static class CorrectingClaim
{
    /// Only a locked claim is corrected by a new version (a draft is adjusted instead).
    public static Decision<ClaimPrepared> Decide(
        Claim previous, FacilityMonthState input, EstimateFigures figures, PlacementFeeStatement statement, string reason, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(input);
        if (!previous.Locked) return Decision<ClaimPrepared>.Refuse("Claim", "Claims.Validation.NotLocked");
        var number = previous.VersionNumber + 1;
        return Decision<ClaimPrepared>.Accept(new ClaimPrepared(ClaimIds.Version(previous.SeriesId, number), previous.SeriesId, number,
            previous.Id, previous.FacilityId, input.FacilityName, previous.Month, input, figures, statement, reason.Trim(), user, now));
    }
}
