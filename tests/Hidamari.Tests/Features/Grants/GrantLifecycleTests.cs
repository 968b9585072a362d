using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Grants.Settling;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Infrastructure;
using static Hidamari.Tests.Features.Grants.GrantWorld;

namespace Hidamari.Tests.Features.Grants;

/// The lifecycle as pure decisions: given events, when a step, then the event or the refusal.
[Trait("Category", "Grants")]
public sealed class GrantLifecycleTests
{
    private static readonly Func<IReadOnlyList<GrantItem>, GrantFigures> Engine = items => Compute(items);

    private static void Refused<T>(Decision<T> decision, string key)
    {
        Assert.False(decision.IsAccepted);
        Assert.Equal(key, decision.MessageKey);
    }

    private static T Accepted<T>(Decision<object> decision)
    {
        Assert.True(decision.IsAccepted, decision.MessageKey);
        return Assert.IsType<T>(decision.Event);
    }

    private static GrantCase DecidedCase() => Case(Received(DocumentKind.GrantApplication, [Equipment]), Assigned(), Decided([Equipment]));

    [Fact]
    public void No_decision_without_review_nor_by_the_reviewer()
    {
        var received = Case(Received(DocumentKind.GrantApplication, [Equipment]));
        Refused(Deciding.Decide(received, new DecideGrant(), Engine, null, "approver", T0), "Grants.Error.NotReviewed");

        var reviewed = received.Apply(Assigned("reviewer"));
        Assert.Equal(GrantStatus.InReview, reviewed.Status);
        Refused(Deciding.Decide(reviewed, new DecideGrant(), Engine, null, "reviewer", T0), "Grants.Error.FourEyes");

        var decided = Accepted<GrantDecided>(Deciding.Decide(reviewed, new DecideGrant(), Engine, null, "approver", T0));
        Assert.Equal(16_000_000, decided.Figures.GrantYen);
        Assert.Equal(8_000_000, decided.Figures.NationalYen);
    }

    [Fact]
    public void A_resubmitted_application_needs_a_new_review_before_the_decision()
    {
        var returned = Case(Received(DocumentKind.GrantApplication, [Equipment]), Assigned(),
            new GrantReturned(CaseId, DocumentKind.GrantApplication, "見積書を添付してください。", "reviewer", T0.AddMinutes(2)));
        Assert.Equal((GrantStatus.Returned, (DocumentKind?)null), (returned.Status, returned.Pending));
        Refused(Deciding.Decide(returned, new DecideGrant(), Engine, null, "approver", T0), "Grants.Error.NothingToReview");

        var resubmitted = returned.Apply(Received(DocumentKind.GrantApplication, [Equipment with { Yen = 15_000_000 }], version: 2, minutes: 3));
        Assert.Equal((GrantStatus.Submitted, 2, (string?)null), (resubmitted.Status, resubmitted.ApplicationVersion, resubmitted.Reviewer));
        Refused(Deciding.Decide(resubmitted, new DecideGrant(), Engine, null, "approver", T0), "Grants.Error.NotReviewed");
        Assert.Equal(15_000_000, Accepted<GrantDecided>(Deciding.Decide(resubmitted.Apply(Assigned()), new DecideGrant(), Engine, null, "approver", T0)).Figures.GrantYen);
    }

    [Fact]
    public void A_decided_amount_changes_only_through_a_change_approval()
    {
        var decided = DecidedCase();
        Refused(Deciding.Decide(decided, new DecideGrant([new("equipment", 10_000_000)]), Engine, null, "approver", T0), "Grants.Error.AlreadyDecided");
        Refused(Deciding.Change(decided, new ApproveChange([new("equipment", 10_000_000)]), Engine, null, "approver", T0), "Grants.Error.NoChangeRequest");

        var change = decided.Apply(Received(DocumentKind.GrantChangeRequest, [Equipment with { Yen = 12_000_000 }], minutes: 5));
        Assert.Equal(GrantStatus.ChangeRequested, change.Status);
        Refused(Deciding.Change(change, new ApproveChange(), Engine, null, "approver", T0), "Grants.Error.NotReviewed");
        var approved = Accepted<GrantChangeApproved>(Deciding.Change(change.Apply(Assigned()), new ApproveChange(), Engine, null, "approver", T0));
        Assert.Equal((12_000_000L, 6_000_000L), (approved.Figures.GrantYen, approved.Figures.NationalYen));
        Assert.Equal(12_000_000, change.Apply(Assigned()).Apply(approved).DecidedYen);
    }

    [Fact]
    public void The_approved_base_is_at_most_what_was_requested_and_within_the_budget_left()
    {
        var reviewed = Case(Received(DocumentKind.GrantApplication, [Equipment]), Assigned());
        Refused(Deciding.Decide(reviewed, new DecideGrant([new("equipment", 16_000_001)]), Engine, null, "approver", T0), "Grants.Error.AboveRequested");
        Refused(Deciding.Decide(reviewed, new DecideGrant([new("furniture", 1)]), Engine, null, "approver", T0), "Grants.Error.AboveRequested");
        Refused(Deciding.Decide(reviewed, new DecideGrant(), Engine, 15_999_999, "approver", T0), "Grants.Error.BudgetExceeded");
        var decided = Accepted<GrantDecided>(Deciding.Decide(reviewed, new DecideGrant([new("equipment", 14_000_000)], "条件"), Engine, 16_000_000, "approver", T0));
        Assert.Equal((14_000_000L, 7_000_000L, "条件"), (decided.Figures.GrantYen, decided.Figures.NationalYen, decided.Conditions));
    }

    [Fact]
    public void No_step_out_of_order_on_the_municipal_side()
    {
        var received = Case(Received(DocumentKind.GrantApplication, [Equipment]));
        Refused(Settling.Fix(received, Engine, "approver", T0), "Grants.Error.NoReport");
        Refused(Settling.Pay(received, new RecordPayment(1), "approver", T0), "Grants.Error.NotPayable");
        Refused(Settling.Cancel(received, new CancelGrant("x"), "approver", T0), "Grants.Error.NotCancellable");

        var decided = DecidedCase();
        Refused(Reviewing.Assign(decided, new AssignGrantReviewer(), "reviewer", T0), "Grants.Error.NothingToReview");
        Refused(Reviewing.Return(decided, new ReturnGrant("x"), "reviewer", T0), "Grants.Error.NothingToReview");
        Refused(Settling.Fix(decided, Engine, "approver", T0), "Grants.Error.NoReport");

        // A claim arriving before the amount is fixed is recorded but moves nothing.
        var early = decided.Apply(Received(DocumentKind.GrantClaim, [Equipment], minutes: 4));
        Assert.Equal((GrantStatus.Decided, (GrantDocument?)null), (early.Status, early.Claim));
    }

    [Fact]
    public void No_step_out_of_order_on_the_corporation_side()
    {
        var draft = GrantApplication.Create(new GrantDraftStarted(CaseId, Setagaya(), "setagaya", "世田谷区", "GH", "新GH", 2, [Equipment], "manager", T0));
        var today = new DateOnly(2022, 6, 1);
        var findings = ProgrammeCheck.Check(draft.Programme, 2, draft.Items, today, false);
        Refused(Submitting.Change(draft, new RequestChange([Equipment]), Compute([Equipment]), Guid.NewGuid(), 1, "manager", T0), "Grants.Error.NotDecided");
        Refused(Submitting.Report(draft, new ReportActuals([Equipment]), Compute([Equipment]), Guid.NewGuid(), 1, new DateOnly(2023, 5, 1), "manager", T0), "Grants.Error.NotDecided");
        Refused(Submitting.Claim(draft, Guid.NewGuid(), 1, "manager", T0), "Grants.Error.NotFixed");

        var sent = Submitting.Apply(draft, findings, Compute([Equipment]), Guid.NewGuid(), "manager", T0);
        Assert.True(sent.IsAccepted);
        var submitted = draft.Apply(sent.Event!);
        Assert.Equal((GrantStatus.Submitted, 1), (submitted.Status, submitted.ApplicationVersion));
        Refused(Drafting.Edit(submitted, new EditDraft("GH", "新GH", 2, [Equipment with { Yen = 1 }]), "manager", T0), "Grants.Error.NotEditable");
        Refused(Submitting.Apply(submitted, findings, Compute([Equipment]), Guid.NewGuid(), "manager", T0), "Grants.Error.AlreadySubmitted");
    }

    [Fact]
    public void The_programme_check_refuses_ineligible_items_and_a_late_first_application_and_warns_above_the_cap()
    {
        var programme = Setagaya();
        var rent = new GrantItem("rent", OpeningCostKind.AnnualRent, "家賃", 1_000_000);

        Assert.Contains(ProgrammeCheck.Check(programme, 2, [Equipment, rent], new DateOnly(2022, 6, 1), false), f => f is { MessageKey: "Grants.Error.NotEligible", IsError: true, Item: "rent" });
        Assert.Contains(ProgrammeCheck.Check(programme, 2, [Equipment], new DateOnly(2022, 7, 1), false), f => f is { MessageKey: "Grants.Error.DeadlinePassed", IsError: true });
        Assert.Empty(ProgrammeCheck.Check(programme, 2, [Equipment], new DateOnly(2022, 7, 1), resubmission: true));
        var above = Assert.Single(ProgrammeCheck.Check(programme, 1, [Equipment], new DateOnly(2022, 6, 1), false));
        Assert.Equal(("Grants.Warning.AboveCap", false), (above.MessageKey, above.IsError));
        Assert.Contains(ProgrammeCheck.Check(programme, 2, [], new DateOnly(2022, 6, 1), false), f => f.MessageKey == "Grants.Error.ItemsRequired");
    }

    [Theory]
    // actual equipment cost → fixed grant, excess over the decision (decided 16,000,000)
    [InlineData(15_000_000, 15_000_000, 1_000_000)]
    [InlineData(16_000_000, 16_000_000, 0)]
    [InlineData(17_500_000, 16_000_000, 0)]
    public void Fixing_from_a_report_below_or_above_the_decision(long actual, long fixedYen, long excess)
    {
        var reported = DecidedCase().Apply(Received(DocumentKind.GrantReport, [Equipment with { Yen = actual }], minutes: 10)).Apply(Assigned(minutes: 11));
        Assert.Equal(GrantStatus.Reported, reported.Status);
        Refused(Settling.Fix(reported, Engine, "reviewer", T0), "Grants.Error.FourEyes");

        var fixedEvent = Accepted<GrantAmountFixed>(Settling.Fix(reported, Engine, "approver", T0));

        Assert.Equal((fixedYen, excess, 0L), (fixedEvent.Figures.GrantYen, fixedEvent.ExcessYen, fixedEvent.RepaymentDueYen));
        Assert.Equal(fixedYen / 2, fixedEvent.Figures.NationalYen);
        Assert.Equal(GrantStatus.Fixed, reported.Apply(fixedEvent).Status);
    }

    [Fact]
    public void An_advance_payment_above_the_fixed_amount_becomes_a_repayment_and_the_claim_pays_the_rest()
    {
        var decided = DecidedCase();
        Refused(Settling.Pay(decided, new RecordPayment(16_000_001), "approver", T0), "Grants.Error.AbovePayable");
        var paid = decided.Apply(Accepted<GrantPaid>(Settling.Pay(decided, new RecordPayment(16_000_000), "approver", T0)));
        var reported = paid.Apply(Received(DocumentKind.GrantReport, [Equipment with { Yen = 14_000_000 }], minutes: 10)).Apply(Assigned(minutes: 11));
        var fixedCase = reported.Apply(Accepted<GrantAmountFixed>(Settling.Fix(reported, Engine, "approver", T0)));
        Assert.Equal((14_000_000L, 2_000_000L, 2_000_000L), (fixedCase.FixedYen!.Value, fixedCase.ExcessYen, fixedCase.RepaymentDueYen));

        Refused(Settling.Repay(fixedCase, new RecordRepayment(2_000_001), "approver", T0), "Grants.Error.AboveDue");
        var repaid = fixedCase.Apply(Accepted<GrantRepaymentReceived>(Settling.Repay(fixedCase, new RecordRepayment(2_000_000), "approver", T0)));
        Assert.Equal(2_000_000, repaid.RepaidYen);
    }

    [Fact]
    public void A_claim_after_fixing_is_paid_up_to_the_fixed_amount()
    {
        var reported = DecidedCase().Apply(Received(DocumentKind.GrantReport, [Equipment with { Yen = 15_000_000 }], minutes: 10)).Apply(Assigned(minutes: 11));
        var fixedCase = reported.Apply(Accepted<GrantAmountFixed>(Settling.Fix(reported, Engine, "approver", T0)));
        Refused(Settling.Pay(fixedCase, new RecordPayment(1), "approver", T0), "Grants.Error.NotPayable");

        var claimed = fixedCase.Apply(Received(DocumentKind.GrantClaim, [Equipment], minutes: 20));
        Assert.Equal(GrantStatus.Claimed, claimed.Status);
        Refused(Settling.Pay(claimed, new RecordPayment(15_000_001), "approver", T0), "Grants.Error.AbovePayable");
        Assert.Equal(GrantStatus.Paid, claimed.Apply(Accepted<GrantPaid>(Settling.Pay(claimed, new RecordPayment(15_000_000), "approver", T0))).Status);
    }

    [Fact]
    public void Cancelling_a_paid_grant_makes_everything_paid_due_and_takes_no_further_document()
    {
        var paid = DecidedCase().Apply(new GrantPaid(CaseId, 5_000_000, "approver", T0.AddMinutes(3)));
        var cancelled = paid.Apply(Accepted<GrantCancelled>(Settling.Cancel(paid, new CancelGrant("目的外使用"), "approver", T0)));

        Assert.Equal((GrantStatus.Cancelled, 5_000_000L, 0L), (cancelled.Status, cancelled.RepaymentDueYen, cancelled.CommittedYen));
        Refused(Settling.Cancel(cancelled, new CancelGrant("again"), "approver", T0), "Grants.Error.NotCancellable");
        Assert.Equal(GrantStatus.Cancelled, cancelled.Apply(Received(DocumentKind.GrantReport, [Equipment], minutes: 30)).Status);
    }

    [Fact]
    public void Steps_delivered_twice_or_out_of_order_leave_the_latest_status_and_every_step_once()
    {
        var draft = GrantApplication.Create(new GrantDraftStarted(CaseId, Setagaya(), "setagaya", "世田谷区", "GH", "新GH", 2, [Equipment], "manager", T0));
        var submitted = draft.Apply(new GrantDocumentSent(CaseId, Guid.NewGuid(), DocumentKind.GrantApplication, 1,
            Document(DocumentKind.GrantApplication, [Equipment]), "manager", T0.AddMinutes(1)));
        var assigned = new GrantStepReceived(Guid.NewGuid(), CaseId, 2, new GrantStep("Assigned", GrantStatus.InReview, "reviewer", "reviewer", T0.AddMinutes(2)));
        var decided = new GrantStepReceived(Guid.NewGuid(), CaseId, 3,
            new GrantStep("Decided", GrantStatus.Decided, "", "approver", T0.AddMinutes(3), Compute([Equipment]), [Equipment]));

        var inOrder = submitted.Apply(assigned).Apply(decided);
        var reversedTwice = submitted.Apply(decided).Apply(assigned).Apply(decided).Apply(assigned);

        foreach (var a in new[] { inOrder, reversedTwice })
        {
            Assert.Equal(GrantStatus.Decided, a.Status);
            Assert.Equal(16_000_000, a.Decided!.GrantYen);
            Assert.Equal(["Drafted", "Sent.GrantApplication", "Assigned", "Decided"], a.Timeline.Select(t => t.What));
        }
    }
}
