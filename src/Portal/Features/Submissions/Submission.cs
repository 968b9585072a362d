using Hidamari.Portal.Features.Facilities;

namespace Hidamari.Portal.Features.Submissions;

/// What a corporation submits to its municipality.
public enum DocumentKind
{
    /// 小規模かつ地域分散化計画: the planned 年度末 figures of every planned fiscal year.
    DecentralizationPlan,
    /// 年度末実績: the actual figures at the end of one fiscal year.
    YearEndActuals,
    /// 補助金交付申請 (Features/Grants): the application, its items and the amounts the engine computed.
    GrantApplication,
    /// 変更交付申請 (Features/Grants)
    GrantChangeRequest,
    /// 実績報告 of a grant (Features/Grants): actual costs after the fiscal year.
    GrantReport,
    /// 請求 of a grant (Features/Grants) after 額の確定.
    GrantClaim,
}

/// The municipality's review status: 未確認, 確認中, 差し戻し, 受理.
public enum ReviewStatus
{
    Unconfirmed,
    InReview,
    Returned,
    Accepted,
}

/// The figures of one line of a submission (corporation total or one facility, one fiscal year end).
public sealed record LineFigures(int MainCapacity, int GroupHomeCount, int GroupHomeCapacity)
{
    public int TotalCapacity => MainCapacity + GroupHomeCapacity;

    public decimal GroupHomeShare => CapacityTotals.Share(GroupHomeCapacity, TotalCapacity);
}

/// <summary>
/// One line of a submission. <see cref="Key"/> identifies the line across versions ("2024" for the corporation total
/// of 令和6年度, "2024/福音寮" for one facility), so comments and the diff between versions refer to it.
/// </summary>
public sealed record SubmissionLine(string Key, int FiscalYear, string FiscalYearLabel, string? Facility, LineFigures Figures);

/// The immutable snapshot a corporation sends.
public sealed record SubmissionContent(IReadOnlyList<SubmissionLine> Lines)
{
    /// The grant document, for the Grant* kinds (no capacity lines then).
    public Grants.GrantDocument? Grant { get; init; }

    /// The corporation's totals, one per fiscal year.
    public IEnumerable<SubmissionLine> Totals => Lines.Where(l => l.Facility is null);
}

// ---- corporation side (stream id = submission id, in the corporation's store) ----

/// A corporation sent a document to its municipality: version <paramref name="Version"/> of that document.
public sealed record SubmissionSent(
    Guid SubmissionId, string Municipality, string MunicipalityName, DocumentKind Kind, int? FiscalYear, int Version,
    string Submitter, DateTimeOffset SentAt, SubmissionContent Content, string? Document = null);

/// The municipality's store holds the submission (受付済み).
public sealed record SubmissionAcknowledged(Guid SubmissionId, DateTimeOffset AcknowledgedAt);

/// A review step of the municipality reached the corporation. <paramref name="Sequence"/> is the step's position in
/// the municipality's stream, so steps delivered out of order still leave the latest status.
public sealed record ReviewUpdateReceived(
    Guid MessageId, Guid SubmissionId, long Sequence, ReviewStatus Status, string? Line, string? Text, string By, DateTimeOffset At);

// ---- municipality side (stream id = the same submission id, in the municipality's store) ----

/// A submission arrived from a corporation of the municipality's jurisdiction.
public sealed record SubmissionReceived(
    Guid SubmissionId, string Corporation, string CorporationName, DocumentKind Kind, int? FiscalYear, int Version,
    string Submitter, DateTimeOffset SentAt, DateTimeOffset ReceivedAt, SubmissionContent Content);

public sealed record ReviewerAssigned(Guid SubmissionId, string Reviewer, string By, DateTimeOffset At);

/// A comment on one line ("" = on the whole submission).
public sealed record LineCommented(Guid SubmissionId, string Line, string Text, string By, DateTimeOffset At);

/// 差し戻し: returned for correction, with the reasons.
public sealed record SubmissionReturned(Guid SubmissionId, string Reasons, string By, DateTimeOffset At);

/// 受理: accepted by an approver other than the reviewer.
public sealed record SubmissionAccepted(Guid SubmissionId, string By, DateTimeOffset At);

public sealed record ReviewComment(string Line, string Text, string By, DateTimeOffset At);

public sealed record ReviewStep(string What, string? Detail, string By, DateTimeOffset At);
