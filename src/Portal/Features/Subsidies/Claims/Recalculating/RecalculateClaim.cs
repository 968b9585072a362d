using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims.Recalculating;

/// <summary>Recalculate a draft from today's record and rates (after the operator imported a table, or new figures).</summary>
/// <param name="Figures">New figures, or null to keep the draft's.</param>
public sealed record RecalculateClaim(EstimateFigures? Figures = null, long? ExpectedVersion = null);

public sealed class RecalculateClaimValidator : AbstractValidator<RecalculateClaim>
{
    public RecalculateClaimValidator(IStringLocalizer<SharedResource> text) =>
        RuleFor(c => c.Figures!).SetValidator(new EstimateFiguresValidator(text)).When(c => c.Figures is not null);
}

public static class RecalculatingClaim
{
    /// Only a draft is recalculated; a locked claim is corrected with a new version. Adjustments stay on lines that remain.
    public static Decision<ClaimRecalculated> Decide(
        Claim claim, FacilityMonthState input, EstimateFigures figures, PlacementFeeStatement statement, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.Locked
            ? Decision<ClaimRecalculated>.Refuse("Claim", "Claims.Validation.Locked")
            : Decision<ClaimRecalculated>.Accept(new ClaimRecalculated(claim.Id, input, figures, statement, user, now));
    }
}
