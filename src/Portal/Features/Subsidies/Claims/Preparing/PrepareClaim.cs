using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.Claims.Preparing;

/// Prepare the claim of a recorded facility for a month, from its record and the figures finance enters.
public sealed record PrepareClaim(Guid FacilityId, DateOnly Month, EstimateFigures Figures);

public sealed class PrepareClaimValidator : AbstractValidator<PrepareClaim>
{
    public PrepareClaimValidator(IStringLocalizer<SharedResource> text)
    {
        RuleFor(c => c.Month).Must(Dates.IsPlausible).WithMessage(_ => text["Validation.DatePlausible"]);
        RuleFor(c => c.Figures).NotNull().WithMessage(_ => text["Claims.Validation.Figures"]).SetValidator(new EstimateFiguresValidator(text));
    }
}

public static class PreparingClaim
{
    public static Decision<ClaimPrepared> Decide(
        Guid facilityId, DateOnly month, FacilityMonthState input, EstimateFigures figures, PlacementFeeStatement statement, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(statement);
        var firstDay = new DateOnly(month.Year, month.Month, 1);
        var series = ClaimIds.Series(facilityId, firstDay);
        return Decision<ClaimPrepared>.Accept(new ClaimPrepared(ClaimIds.Version(series, 1), series, 1, null, facilityId,
            input.FacilityName, firstDay, input, figures, statement, "", user, now));
    }
}
