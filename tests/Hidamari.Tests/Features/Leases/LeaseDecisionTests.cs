using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.Correcting;
using Hidamari.Portal.Features.Leases.Renewing;
using Hidamari.Portal.Features.Leases.RevisingRent;
using Hidamari.Portal.Features.Leases.Terminating;
using static Hidamari.Tests.Features.Leases.LeaseExamples;

namespace Hidamari.Tests.Features.Leases;

/// Given the lease's events, when a command, then the event or the refusal.
[Trait("Category", "Leases")]
public sealed class LeaseDecisionTests
{
    private static readonly DateOnly April2024 = new(2024, 4, 1);
    private static readonly DateOnly EndMarch2026 = new(2026, 3, 31);

    [Fact]
    public void Renewing_extends_the_term_and_records_the_fee_and_the_previous_end()
    {
        var lease = Signed(Terms(April2024));

        var decision = RenewingLease.Decide(lease, new RenewLease(new DateOnly(2026, 2, 20), new DateOnly(2028, 3, 31), 150_000));

        Assert.True(decision.IsAccepted);
        Assert.Equal(new LeaseRenewed(lease.Id, new DateOnly(2026, 2, 20), EndMarch2026, new DateOnly(2028, 3, 31), 150_000), decision.Event);
        Assert.Equal(new DateOnly(2028, 3, 31), lease.Apply(decision.Event!).EndsOn);
    }

    public static TheoryData<string, RenewalKind, string, string, string> RenewalRefusals => new()
    {
        // case, renewal kind, renewed on, new end, expected message key
        { "new end not after the current end", RenewalKind.ByAgreement, "2026-02-01", "2026-03-31", "Validation.Lease.NewEndAfterCurrent" },
        { "new end before the current end", RenewalKind.Automatic, "2026-02-01", "2025-03-31", "Validation.Lease.NewEndAfterCurrent" },
        { "renewed before the lease started", RenewalKind.ByAgreement, "2024-03-01", "2028-03-31", "Validation.Lease.RenewedBeforeStart" },
        { "renewed after the new end", RenewalKind.ByAgreement, "2028-04-01", "2028-03-31", "Validation.Lease.RenewedAfterNewEnd" },
        { "a fixed-term lease", RenewalKind.FixedTerm, "2026-02-01", "2028-03-31", "Validation.Lease.FixedTermNoRenewal" },
    };

    [Theory]
    [MemberData(nameof(RenewalRefusals))]
    public void Renewals_that_break_a_rule_are_refused(string @case, RenewalKind kind, string renewedOn, string newEnd, string key)
    {
        var lease = Signed(Terms(April2024, renewal: kind));

        var decision = RenewingLease.Decide(lease, new RenewLease(DateOnly.Parse(renewedOn, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(newEnd, System.Globalization.CultureInfo.InvariantCulture), 0));

        Assert.False(decision.IsAccepted, @case);
        Assert.Equal(key, decision.MessageKey);
    }

    [Fact]
    public void A_terminated_lease_can_be_neither_renewed_nor_terminated_again()
    {
        var lease = Signed(Terms(April2024), new LeaseTerminated(Guid.Empty, null, new DateOnly(2025, 6, 30), 300_000, 0));

        Assert.Equal("Validation.Lease.AlreadyTerminated",
            RenewingLease.Decide(lease, new RenewLease(new DateOnly(2026, 2, 1), new DateOnly(2028, 3, 31), 0)).MessageKey);
        Assert.Equal("Validation.Lease.AlreadyTerminated",
            TerminatingLease.Decide(lease, new TerminateLease(null, new DateOnly(2025, 7, 31), 0)).MessageKey);
    }

    [Fact]
    public void Terminating_records_the_move_out_and_the_deposit_returned()
    {
        var lease = Signed(Terms(April2024));

        var decision = TerminatingLease.Decide(lease, new TerminateLease(new DateOnly(2025, 4, 30), new DateOnly(2025, 6, 30), 240_000, 10_000));

        Assert.Equal(new LeaseTerminated(lease.Id, new DateOnly(2025, 4, 30), new DateOnly(2025, 6, 30), 240_000, 10_000), decision.Event);
        var ended = lease.Apply(decision.Event!);
        Assert.True(ended.IsTerminated);
        Assert.Equal(60_000, ended.Termination!.DepositKept(ended.Terms.Deposit));
        Assert.Equal(new DateOnly(2025, 6, 30), ended.LastDayOfOccupation);
    }

    public static TheoryData<string, RenewalKind, string, long, string> TerminationRefusals => new()
    {
        { "move-out before the start", RenewalKind.ByAgreement, "2024-03-31", 0, "Validation.Lease.MoveOutBeforeStart" },
        { "more deposit returned than paid", RenewalKind.ByAgreement, "2025-06-30", 300_001, "Validation.Lease.DepositReturnedTooHigh" },
        { "a fixed term left after its end", RenewalKind.FixedTerm, "2026-04-01", 0, "Validation.Lease.MoveOutAfterFixedTerm" },
    };

    [Theory]
    [MemberData(nameof(TerminationRefusals))]
    public void Terminations_that_break_a_rule_are_refused(string @case, RenewalKind kind, string moveOut, long returned, string key)
    {
        var lease = Signed(Terms(April2024, renewal: kind));

        var decision = TerminatingLease.Decide(lease, new TerminateLease(null, DateOnly.Parse(moveOut, System.Globalization.CultureInfo.InvariantCulture), returned));

        Assert.False(decision.IsAccepted, @case);
        Assert.Equal(key, decision.MessageKey);
    }

    [Fact]
    public void An_ordinary_lease_may_be_left_after_its_recorded_end_because_it_continues_by_law()
    {
        var lease = Signed(Terms(April2024));

        Assert.True(TerminatingLease.Decide(lease, new TerminateLease(null, new DateOnly(2026, 9, 30), 300_000)).IsAccepted);
    }

    [Fact]
    public void A_move_out_before_a_recorded_rent_revision_is_refused()
    {
        var lease = Signed(Terms(April2024), new LeaseRentRevised(Guid.Empty, new DateOnly(2025, 4, 1), 160_000, 0, ""));

        Assert.Equal("Validation.Lease.MoveOutBeforeRevision",
            TerminatingLease.Decide(lease, new TerminateLease(null, new DateOnly(2025, 3, 31), 0)).MessageKey);
    }

    [Theory]
    [InlineData("2024-04-01", "Validation.Lease.RevisionBeforeStart")]
    [InlineData("2025-07-01", "Validation.Lease.RevisionAfterEnd")]
    public void Rent_revisions_outside_the_lease_are_refused(string effectiveOn, string key)
    {
        var lease = Signed(Terms(April2024), new LeaseTerminated(Guid.Empty, null, new DateOnly(2025, 6, 30), 0, 0));

        var decision = RevisingRent.Decide(lease, new ReviseRent(DateOnly.Parse(effectiveOn, System.Globalization.CultureInfo.InvariantCulture), 160_000, 0));

        Assert.Equal(key, decision.MessageKey);
    }

    [Fact]
    public void A_second_revision_on_the_same_day_replaces_the_first()
    {
        var lease = Signed(Terms(April2024),
            new LeaseRentRevised(Guid.Empty, new DateOnly(2025, 4, 1), 160_000, 0, ""),
            new LeaseRentRevised(Guid.Empty, new DateOnly(2025, 4, 1), 155_000, 2_000, "訂正"));

        Assert.Equal((155_000L, 2_000L), lease.RentOn(new DateOnly(2025, 4, 1)));
        Assert.Equal((150_000L, 0L), lease.RentOn(new DateOnly(2025, 3, 31)));
        Assert.Single(lease.RentRevisions);
    }

    [Fact]
    public void A_correction_is_a_new_event_and_may_not_contradict_a_recorded_renewal()
    {
        var terms = Terms(April2024);
        var lease = Signed(terms, new LeaseRenewed(Guid.Empty, new DateOnly(2026, 3, 1), EndMarch2026, new DateOnly(2028, 3, 31), 150_000));

        var accepted = CorrectingLease.Decide(lease, new CorrectLease(terms with { Landlord = " 山田花子 " }, " 貸主名の誤り "));
        var refused = CorrectingLease.Decide(lease, new CorrectLease(terms with { EndsOn = new DateOnly(2028, 3, 31) }, "満了日"));

        Assert.Equal("山田花子", accepted.Event!.Terms.Landlord);
        Assert.Equal("貸主名の誤り", accepted.Event.Reason);
        Assert.Equal("Validation.Lease.CorrectionPastRenewal", refused.MessageKey);
    }
}
