using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Submissions;

/// Delivery and review state as the corporation sees it: 送信済み, 受付済み, then the municipality's 確認中/差し戻し/受理.
public enum SentStatus
{
    Sent,
    Received,
    InReview,
    Returned,
    Accepted,
}

/// <summary>
/// A submission in the corporation's store: the snapshot it sent, whether the municipality holds it, and the review
/// steps that came back. <see cref="AppliedMessages"/> makes applying a review step twice a no-op.
/// </summary>
public sealed record SentSubmission(
    Guid Id, string Municipality, string MunicipalityName, DocumentKind Kind, int? FiscalYear, int DocumentVersion,
    string Submitter, DateTimeOffset SentAt, SubmissionContent Content)
{
    /// The document this is a version of: the plan, or the actuals of one fiscal year.
    public string Document { get; init; } = DocumentOf(Kind, FiscalYear);

    public static string DocumentOf(DocumentKind kind, int? fiscalYear) => fiscalYear is { } y ? $"{kind}:{y}" : kind.ToString();

    public DateTimeOffset? AcknowledgedAt { get; init; }
    public ReviewStatus? Review { get; init; }
    public long ReviewSequence { get; init; }
    public IReadOnlyList<ReviewComment> Comments { get; init; } = [];
    public string? ReturnReasons { get; init; }
    public IReadOnlyList<Guid> AppliedMessages { get; init; } = [];

    public SentStatus Status => Review switch
    {
        ReviewStatus.Accepted => SentStatus.Accepted,
        ReviewStatus.Returned => SentStatus.Returned,
        ReviewStatus.InReview => SentStatus.InReview,
        _ => AcknowledgedAt is null ? SentStatus.Sent : SentStatus.Received,
    };

    public SentSubmission Apply(SubmissionAcknowledged e) => this with { AcknowledgedAt = AcknowledgedAt ?? e.AcknowledgedAt };

    public SentSubmission Apply(ReviewUpdateReceived e)
    {
        if (AppliedMessages.Contains(e.MessageId)) return this;
        var later = e.Sequence > ReviewSequence;
        return this with
        {
            // A review step means the municipality holds the submission, even if the acknowledgement is still on its way.
            AcknowledgedAt = AcknowledgedAt ?? e.At,
            Review = later && e.Status != ReviewStatus.Unconfirmed ? e.Status : Review,
            ReviewSequence = Math.Max(ReviewSequence, e.Sequence),
            ReturnReasons = e.Status == ReviewStatus.Returned && e.Text is not null && e.Line is null ? e.Text : ReturnReasons,
            Comments = e.Line is not null && e.Text is not null
                ? [.. Comments.Append(new ReviewComment(e.Line, e.Text, e.By, e.At)).OrderBy(c => c.At)]
                : Comments,
            AppliedMessages = [.. AppliedMessages, e.MessageId],
        };
    }
}

public sealed class SentSubmissionProjection : SingleStreamProjection<SentSubmission, Guid>
{
    public static SentSubmission Create(SubmissionSent e) =>
        new(e.SubmissionId, e.Municipality, e.MunicipalityName, e.Kind, e.FiscalYear, e.Version, e.Submitter, e.SentAt, e.Content)
        {
            // A grant's documents are numbered per application (Features/Grants names them).
            Document = e.Document ?? SentSubmission.DocumentOf(e.Kind, e.FiscalYear),
        };

    public static SentSubmission Apply(SubmissionAcknowledged e, SentSubmission current) => current.Apply(e);

    public static SentSubmission Apply(ReviewUpdateReceived e, SentSubmission current) => current.Apply(e);
}
