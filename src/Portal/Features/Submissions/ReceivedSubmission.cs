using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Submissions;

/// <summary>
/// A submission in the municipality's store: the snapshot received and every review step, dated and attributed.
/// The municipality's queue, diff and progress dashboard read only these documents.
/// </summary>
public sealed record ReceivedSubmission(
    Guid Id, string Corporation, string CorporationName, DocumentKind Kind, int? FiscalYear, int DocumentVersion,
    string Submitter, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, SubmissionContent Content)
{
    /// The stream version (Marten fills a property of this name; the document's own version is DocumentVersion).
    public long Version { get; set; }
    public ReviewStatus Status { get; init; } = ReviewStatus.Unconfirmed;
    public string? Reviewer { get; init; }
    public string? ReturnReasons { get; init; }
    public string? AcceptedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public IReadOnlyList<ReviewComment> Comments { get; init; } = [];
    public IReadOnlyList<ReviewStep> History { get; init; } = [];

    public bool IsDecided => Status is ReviewStatus.Returned or ReviewStatus.Accepted;

    public static ReceivedSubmission Create(SubmissionReceived e) =>
        new(e.SubmissionId, e.Corporation, e.CorporationName, e.Kind, e.FiscalYear, e.Version, e.Submitter, e.SentAt, e.ReceivedAt, e.Content)
        {
            History = [new ReviewStep("Received", null, e.Submitter, e.ReceivedAt)],
        };

    public ReceivedSubmission Apply(ReviewerAssigned e) => this with
    {
        Status = ReviewStatus.InReview,
        Reviewer = e.Reviewer,
        History = [.. History, new ReviewStep("Assigned", e.Reviewer, e.By, e.At)],
    };

    public ReceivedSubmission Apply(LineCommented e) => this with
    {
        Comments = [.. Comments, new ReviewComment(e.Line, e.Text, e.By, e.At)],
        History = [.. History, new ReviewStep("Commented", e.Line.Length == 0 ? e.Text : $"{e.Line}: {e.Text}", e.By, e.At)],
    };

    public ReceivedSubmission Apply(SubmissionReturned e) => this with
    {
        Status = ReviewStatus.Returned,
        ReturnReasons = e.Reasons,
        DecidedAt = e.At,
        History = [.. History, new ReviewStep("Returned", e.Reasons, e.By, e.At)],
    };

    public ReceivedSubmission Apply(SubmissionAccepted e) => this with
    {
        Status = ReviewStatus.Accepted,
        AcceptedBy = e.By,
        DecidedAt = e.At,
        History = [.. History, new ReviewStep("Accepted", null, e.By, e.At)],
    };
}

public sealed class ReceivedSubmissionProjection : SingleStreamProjection<ReceivedSubmission, Guid>
{
    public static ReceivedSubmission Create(SubmissionReceived e) => ReceivedSubmission.Create(e);

    public static ReceivedSubmission Apply(ReviewerAssigned e, ReceivedSubmission current) => current.Apply(e);

    public static ReceivedSubmission Apply(LineCommented e, ReceivedSubmission current) => current.Apply(e);

    public static ReceivedSubmission Apply(SubmissionReturned e, ReceivedSubmission current) => current.Apply(e);

    public static ReceivedSubmission Apply(SubmissionAccepted e, ReceivedSubmission current) => current.Apply(e);
}
