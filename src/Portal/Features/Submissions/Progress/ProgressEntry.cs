using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Submissions.Progress;

/// <summary>
/// What the progress dashboard needs of one received submission, kept beside <see cref="ReceivedSubmission"/> in the
/// municipality's store (same stream, inline): who sent which version of what, its review status, and only the
/// corporation-total lines. The dashboard reads these small documents instead of every full submission with its
/// facility lines, comments and history.
/// </summary>
public sealed record ProgressEntry(
    Guid Id, string Corporation, string CorporationName, DocumentKind Kind, int? FiscalYear, int DocumentVersion,
    DateTimeOffset ReceivedAt, IReadOnlyList<SubmissionLine> Totals)
{
    public ReviewStatus Status { get; init; } = ReviewStatus.Unconfirmed;

    public static ProgressEntry Of(SubmissionReceived e) =>
        new(e.SubmissionId, e.Corporation, e.CorporationName, e.Kind, e.FiscalYear, e.Version, e.ReceivedAt, [.. e.Content.Totals]);

    public static ProgressEntry Of(ReceivedSubmission s) =>
        new(s.Id, s.Corporation, s.CorporationName, s.Kind, s.FiscalYear, s.DocumentVersion, s.ReceivedAt, [.. s.Content.Totals]) { Status = s.Status };
}

/// The review steps move the status exactly as they move <see cref="ReceivedSubmission.Status"/>.
public sealed class ProgressEntryProjection : SingleStreamProjection<ProgressEntry, Guid>
{
    public static ProgressEntry Create(SubmissionReceived e) => ProgressEntry.Of(e);

    public static ProgressEntry Apply(ReviewerAssigned e, ProgressEntry current) => current with { Status = ReviewStatus.InReview };

    public static ProgressEntry Apply(SubmissionReturned e, ProgressEntry current) => current with { Status = ReviewStatus.Returned };

    public static ProgressEntry Apply(SubmissionAccepted e, ProgressEntry current) => current with { Status = ReviewStatus.Accepted };
}
