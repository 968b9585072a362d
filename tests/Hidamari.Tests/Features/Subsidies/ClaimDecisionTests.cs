using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Features.Subsidies.Claims.Adjusting;
using Hidamari.Portal.Features.Subsidies.Claims.Correcting;
using Hidamari.Portal.Features.Subsidies.Claims.Locking;
using Hidamari.Portal.Features.Subsidies.Claims.Preparing;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;

namespace Hidamari.Tests.Features.Subsidies;

/// Given events → when a command → then events (or a refusal), on the claim's pure decisions.
[Trait("Category", "Subsidies")]
public sealed class ClaimDecisionTests
{
    private static readonly DateTimeOffset Now = new(2011, 6, 10, 9, 0, 0, TimeSpan.FromHours(9));
    private static readonly Guid FacilityId = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly EstimateFigures Figures = new(ResidentsByAge.Unbanded(45), 0,
        [StaffPost.Psychologist, StaffPost.Nurse, StaffPost.IndividualCare, StaffPost.FamilySupport, StaffPost.Senior], "9%");

    private static ClaimPrepared Prepared()
    {
        var input = Fy2011Seed.Capacity45Example();
        var statement = PlacementFee.Estimate(input, new DateOnly(2011, 5, 1), Fy2011Seed.Table());
        return PreparingClaim.Decide(FacilityId, new DateOnly(2011, 5, 20), input, Figures, statement, "finance", Now).Event!;
    }

    private static Claim Given(params object[] events)
    {
        var claim = ClaimProjection.Create((ClaimPrepared)events[0]);
        foreach (var e in events.Skip(1))
            claim = e switch
            {
                ClaimLineAdjusted a => ClaimProjection.Apply(a, claim),
                ClaimLocked l => ClaimProjection.Apply(l, claim),
                _ => throw new InvalidOperationException(),
            };
        return claim;
    }

    [Fact]
    public void Preparing_freezes_the_statement_for_the_months_first_day_as_version_1_of_its_series()
    {
        var e = Prepared();
        Assert.Equal((1, new DateOnly(2011, 5, 1), (Guid?)null), (e.VersionNumber, e.Month, e.PreviousClaimId));
        Assert.Equal(ClaimIds.Series(FacilityId, new DateOnly(2011, 5, 1)), e.SeriesId);
        Assert.Equal(ClaimIds.Version(e.SeriesId, 1), e.ClaimId);
        Assert.Equal(244_796 * 45, Given(e).TotalYen);
    }

    [Fact]
    public void An_adjustment_changes_the_claimed_amount_and_keeps_the_engines_figure_and_the_reason()
    {
        var claim = Given(Prepared());
        var decision = AdjustingClaimLine.Decide(claim, new AdjustClaimLine("OtherBudgetAverage", 500_000, "見学旅行費の実費"), "finance", Now);

        Assert.Equal(new ClaimLineAdjusted(claim.Id, "OtherBudgetAverage", 11_500 * 45, 500_000, "見学旅行費の実費", "finance", Now), decision.Event);
        var adjusted = Given(Prepared(), decision.Event!);
        var line = adjusted.Lines.Single(l => l.Line.Code == "OtherBudgetAverage");
        Assert.Equal((517_500L, 500_000L, "見学旅行費の実費"), (line.Line.Amount, line.ClaimedYen, line.AdjustmentReason));
        Assert.Equal(244_796 * 45 - 17_500, adjusted.TotalYen);
    }

    [Fact]
    public void A_locked_claim_refuses_adjustments_and_a_second_lock()
    {
        var prepared = Prepared();
        var locked = Given(prepared, new ClaimLocked(prepared.ClaimId, 1, "finance", Now));

        Assert.Equal("Claims.Validation.Locked", AdjustingClaimLine.Decide(locked, new AdjustClaimLine("GeneralLiving", 1, "x"), "f", Now).MessageKey);
        Assert.Equal("Claims.Validation.Locked", LockingClaim.Decide(locked, "f", Now).MessageKey);
    }

    [Fact]
    public void Unknown_lines_cannot_be_adjusted()
    {
        Assert.Equal("Claims.Validation.Line", AdjustingClaimLine.Decide(Given(Prepared()), new AdjustClaimLine("Nope", 1, "x"), "f", Now).MessageKey);
    }

    [Fact]
    public void Locking_records_the_final_total()
    {
        var claim = Given(Prepared());
        Assert.Equal(new ClaimLocked(claim.Id, claim.TotalYen, "finance", Now), LockingClaim.Decide(claim, "finance", Now).Event);
    }

    [Fact]
    public void Only_a_locked_claim_is_corrected_and_the_correction_is_the_next_version_with_its_difference()
    {
        var prepared = Prepared();
        var draft = Given(prepared);
        var input = Fy2011Seed.Capacity45Example() with { Residents = ResidentsByAge.Unbanded(43) };
        var statement = PlacementFee.Estimate(input, prepared.Month, Fy2011Seed.Table());
        Assert.Equal("Claims.Validation.NotLocked", CorrectingClaim.Decide(draft, input, Figures, statement, "現員訂正", "f", Now).MessageKey);

        var locked = Given(prepared, new ClaimLocked(prepared.ClaimId, draft.TotalYen, "finance", Now));
        var correction = CorrectingClaim.Decide(locked, input, Figures with { Residents = input.Residents }, statement, " 現員訂正 ", "f", Now).Event!;
        Assert.Equal((2, prepared.ClaimId, prepared.SeriesId, "現員訂正"), (correction.VersionNumber, correction.PreviousClaimId, correction.SeriesId, correction.Reason));
        Assert.Equal(ClaimIds.Version(prepared.SeriesId, 2), correction.ClaimId);

        var diff = ClaimDifference.Between(locked, Given(correction));
        Assert.Equal(-(47_430 + 11_500) * 2, diff.DifferenceYen);
        Assert.Equal(-47_430 * 2, diff.Lines.Single(l => l.Code == "GeneralLiving").DifferenceYen);
        Assert.Equal(0, diff.Lines.Single(l => l.Code == "BasicProtection").DifferenceYen);
    }

    [Fact]
    public void A_claim_whose_statement_lacks_rates_cannot_be_locked()
    {
        var input = Fy2011Seed.Capacity45Example() with { Capacity = 53 };
        var statement = PlacementFee.Estimate(input, new DateOnly(2021, 9, 1), Fy2011Seed.Table());
        var claim = Given(PreparingClaim.Decide(FacilityId, new DateOnly(2021, 9, 1), input, Figures, statement, "finance", Now).Event!);

        Assert.False(claim.Statement.IsComplete);
        Assert.Equal("Claims.Validation.Incomplete", LockingClaim.Decide(claim, "finance", Now).MessageKey);
    }
}
