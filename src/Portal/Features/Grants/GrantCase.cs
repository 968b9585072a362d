using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// A grant application as the municipality holds it: the documents received (every version), the review and every
/// decision, dated and attributed. Built only from what was submitted to it and its own steps.
/// </summary>
public sealed record GrantCase(Guid Id, string Corporation, string CorporationName, GrantProgramme Programme, GrantDocument Application)
{
    /// The stream version (Marten fills a property of this name): the sequence of the last step, sent with each step.
    public long Version { get; set; }
    public string ProgrammeKey { get; init; } = Programme.Key;
    public GrantStatus Status { get; init; } = GrantStatus.Submitted;
    /// The document awaiting the municipality (application, change request, report, claim), if any.
    public DocumentKind? Pending { get; init; } = DocumentKind.GrantApplication;
    public int ApplicationVersion { get; init; } = 1;
    public GrantDocument? Change { get; init; }
    public GrantDocument? Report { get; init; }
    public GrantDocument? Claim { get; init; }
    public IReadOnlyList<Guid> Submissions { get; init; } = [];
    /// Every stored file received with a document of this case (their bytes were delivered into this store).
    public IReadOnlyList<Guid> Files { get; init; } = [];
    /// The reviewer of the pending document; a new document needs a new review.
    public string? Reviewer { get; init; }
    public string? ReturnReasons { get; init; }
    public string Conditions { get; init; } = "";
    public IReadOnlyList<GrantItem>? Approved { get; init; }
    public GrantFigures? Decided { get; init; }
    public GrantFigures? Fixed { get; init; }
    public long PaidYen { get; init; }
    public long ExcessYen { get; init; }
    public long RepaymentDueYen { get; init; }
    public long RepaidYen { get; init; }
    public IReadOnlyList<GrantTimelineEntry> Timeline { get; init; } = [];

    public long RequestedYen => Application.Figures.GrantYen;
    public long? DecidedYen => Decided?.GrantYen;
    public long? FixedYen => Fixed?.GrantYen;
    /// What counts against the programme's budget: the fixed amount once fixed, else the decided one; nothing once cancelled.
    public long CommittedYen => Status == GrantStatus.Cancelled ? 0 : FixedYen ?? DecidedYen ?? 0;

    public static GrantCase Create(GrantDocumentReceived e) =>
        new(e.ApplicationId, e.Corporation, e.CorporationName, e.Document.Programme, e.Document)
        {
            ApplicationVersion = e.Version,
            Submissions = [e.SubmissionId],
            Files = FilesOf(e.Document),
            Timeline = [Received(e)],
        };

    private static IReadOnlyList<Guid> FilesOf(GrantDocument d) => [.. d.Attachments.Select(f => f.FileId).OfType<Guid>()];

    private static GrantTimelineEntry Received(GrantDocumentReceived e) =>
        new($"Received.{e.Document.Kind}", $"v{e.Version}", e.Document.Figures.GrantYen, e.Submitter, e.ReceivedAt);

    public GrantCase Apply(GrantDocumentReceived e)
    {
        if (Submissions.Contains(e.SubmissionId)) return this;
        var recorded = this with
        {
            Submissions = [.. Submissions, e.SubmissionId], Timeline = [.. Timeline, Received(e)], Files = [.. Files.Union(FilesOf(e.Document))],
        };
        // A cancelled case takes no document; an older version arriving late is recorded but does not replace the newer one.
        if (Status == GrantStatus.Cancelled) return recorded;
        return e.Document.Kind switch
        {
            DocumentKind.GrantApplication when e.Version > ApplicationVersion && Status is GrantStatus.Returned or GrantStatus.Submitted or GrantStatus.InReview =>
                recorded with { Application = e.Document, ApplicationVersion = e.Version, Status = GrantStatus.Submitted, Pending = DocumentKind.GrantApplication, Reviewer = null },
            DocumentKind.GrantChangeRequest when Status == GrantStatus.Decided =>
                recorded with { Change = e.Document, Status = GrantStatus.ChangeRequested, Pending = DocumentKind.GrantChangeRequest, Reviewer = null },
            DocumentKind.GrantReport when Status == GrantStatus.Decided =>
                recorded with { Report = e.Document, Status = GrantStatus.Reported, Pending = DocumentKind.GrantReport, Reviewer = null },
            DocumentKind.GrantClaim when Status == GrantStatus.Fixed =>
                recorded with { Claim = e.Document, Status = GrantStatus.Claimed, Pending = null },
            _ => recorded,
        };
    }

    public GrantCase Apply(GrantReviewerAssigned e) => this with
    {
        Reviewer = e.Reviewer,
        Status = Status == GrantStatus.Submitted ? GrantStatus.InReview : Status,
        Timeline = [.. Timeline, new("Assigned", e.Reviewer, null, e.By, e.At)],
    };

    public GrantCase Apply(GrantCommented e) => this with
    {
        Timeline = [.. Timeline, new("Commented", e.Item.Length == 0 ? e.Text : $"{e.Item}: {e.Text}", null, e.By, e.At)],
    };

    public GrantCase Apply(GrantReturned e) => this with
    {
        Status = e.Document == DocumentKind.GrantApplication ? GrantStatus.Returned : GrantStatus.Decided,
        Pending = null,
        Reviewer = null,
        ReturnReasons = e.Reasons,
        Timeline = [.. Timeline, new($"Returned.{e.Document}", e.Reasons, null, e.By, e.At)],
    };

    public GrantCase Apply(GrantDecided e) => this with
    {
        Status = GrantStatus.Decided, Pending = null, Approved = e.Approved, Decided = e.Figures, Conditions = e.Conditions, ReturnReasons = null,
        Timeline = [.. Timeline, new("Decided", e.Conditions.Length == 0 ? null : e.Conditions, e.Figures.GrantYen, e.By, e.At)],
    };

    public GrantCase Apply(GrantChangeApproved e) => this with
    {
        Status = GrantStatus.Decided, Pending = null, Approved = e.Approved, Decided = e.Figures, ReturnReasons = null,
        Timeline = [.. Timeline, new("ChangeApproved", e.Note.Length == 0 ? null : e.Note, e.Figures.GrantYen, e.By, e.At)],
    };

    public GrantCase Apply(GrantAmountFixed e) => this with
    {
        Status = GrantStatus.Fixed, Pending = null, Fixed = e.Figures, ExcessYen = e.ExcessYen, RepaymentDueYen = e.RepaymentDueYen,
        Timeline = [.. Timeline, new("Fixed", null, e.Figures.GrantYen, e.By, e.At)],
    };

    public GrantCase Apply(GrantPaid e)
    {
        var paid = PaidYen + e.Yen;
        return this with
        {
            PaidYen = paid,
            Status = Status == GrantStatus.Claimed && Fixed is { } f && paid >= f.GrantYen ? GrantStatus.Paid : Status,
            Timeline = [.. Timeline, new("Paid", null, e.Yen, e.By, e.At)],
        };
    }

    public GrantCase Apply(GrantCancelled e) => this with
    {
        Status = GrantStatus.Cancelled, Pending = null, RepaymentDueYen = e.RepaymentDueYen,
        Timeline = [.. Timeline, new("Cancelled", e.Reason, e.RepaymentDueYen, e.By, e.At)],
    };

    public GrantCase Apply(GrantRepaymentReceived e) => this with
    {
        RepaidYen = RepaidYen + e.Yen,
        Timeline = [.. Timeline, new("Repaid", null, e.Yen, e.By, e.At)],
    };

    /// The step the corporation hears of, for an event of this case.
    public static GrantStep StepOf(object e, GrantCase after) => e switch
    {
        GrantReviewerAssigned a => new("Assigned", after.Status, a.Reviewer, a.By, a.At),
        GrantCommented c => new("Commented", after.Status, c.Item.Length == 0 ? c.Text : $"{c.Item}: {c.Text}", c.By, c.At),
        GrantReturned r => new($"Returned.{r.Document}", after.Status, r.Reasons, r.By, r.At),
        GrantDecided d => new("Decided", after.Status, d.Conditions, d.By, d.At, d.Figures, d.Approved),
        GrantChangeApproved c => new("ChangeApproved", after.Status, c.Note, c.By, c.At, c.Figures, c.Approved),
        GrantAmountFixed f => new("Fixed", after.Status, null, f.By, f.At, f.Figures, f.Settled, null, f.ExcessYen, f.RepaymentDueYen),
        GrantPaid p => new("Paid", after.Status, null, p.By, p.At, null, null, p.Yen),
        GrantCancelled c => new("Cancelled", after.Status, c.Reason, c.By, c.At, null, null, null, null, c.RepaymentDueYen),
        GrantRepaymentReceived r => new("Repaid", after.Status, null, r.By, r.At, null, null, r.Yen),
        _ => throw new InvalidOperationException($"No grant step for {e.GetType().Name}"),
    };

    public GrantCase ApplyAny(object e) => e switch
    {
        GrantReviewerAssigned x => Apply(x),
        GrantCommented x => Apply(x),
        GrantReturned x => Apply(x),
        GrantDecided x => Apply(x),
        GrantChangeApproved x => Apply(x),
        GrantAmountFixed x => Apply(x),
        GrantPaid x => Apply(x),
        GrantCancelled x => Apply(x),
        GrantRepaymentReceived x => Apply(x),
        GrantDocumentReceived x => Apply(x),
        _ => throw new InvalidOperationException($"Not a grant case event: {e.GetType().Name}"),
    };
}

public sealed class GrantCaseProjection : SingleStreamProjection<GrantCase, Guid>
{
    public static GrantCase Create(GrantDocumentReceived e) => GrantCase.Create(e);
    public static GrantCase Apply(GrantDocumentReceived e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantReviewerAssigned e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantCommented e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantReturned e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantDecided e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantChangeApproved e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantAmountFixed e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantPaid e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantCancelled e, GrantCase c) => c.Apply(e);
    public static GrantCase Apply(GrantRepaymentReceived e, GrantCase c) => c.Apply(e);
}
