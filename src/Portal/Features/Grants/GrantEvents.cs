using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;

namespace Hidamari.Portal.Features.Grants;

// Glossary: 交付申請 application · 審査 review · 差し戻し returned · 交付決定 decision · 変更申請/変更承認 change request/approval
// · 実績報告 report · 額の確定 fixed amount · 請求/支払 claim/payment · 取消 cancellation · 返還 repayment.

/// Where an application stands. The corporation and the municipality read the same words.
public enum GrantStatus
{
    /// 下書き
    Draft,
    /// 申請中 (sent, not yet taken up)
    Submitted,
    /// 審査中
    InReview,
    /// 差し戻し (the application comes back to the corporation for correction)
    Returned,
    /// 交付決定
    Decided,
    /// 変更申請中
    ChangeRequested,
    /// 実績報告済
    Reported,
    /// 額の確定
    Fixed,
    /// 請求済
    Claimed,
    /// 支払済
    Paid,
    /// 取消
    Cancelled,
}

/// <summary>
/// A document attached to an application or report: its name and what it shows, and for a stored file (see
/// Attaching/) its id, real type, size and SHA-256. Attachments recorded before files were stored have a name only.
/// </summary>
public sealed record GrantAttachment(string Name, string Description, Guid? FileId = null, string? ContentType = null, long Size = 0, string? Sha256 = null);

/// <summary>
/// What a corporation sends for a grant (the Grant part of a submission): the programme version it applies under,
/// the items (requested, changed or actual costs) and the engine's figures for them.
/// </summary>
public sealed record GrantDocument(
    Guid ApplicationId, DocumentKind Kind, string Title, GrantProgramme Programme, string GroupHome, int Homes,
    IReadOnlyList<GrantItem> Items, IReadOnlyList<GrantAttachment> Attachments, string Note, GrantFigures Figures);

/// One step on a timeline, on either side.
public sealed record GrantTimelineEntry(string What, string? Detail, long? Yen, string By, DateTimeOffset At);

// ---- corporation side (stream id = application id, in the corporation's store) ----

public sealed record GrantDraftStarted(
    Guid ApplicationId, GrantProgramme Programme, string Municipality, string MunicipalityName, string Title, string GroupHome, int Homes,
    IReadOnlyList<GrantItem> Items, string By, DateTimeOffset At);

/// Autosave: the draft as it stands after one change (every change is kept).
public sealed record GrantDraftEdited(
    Guid ApplicationId, string Title, string GroupHome, int Homes, IReadOnlyList<GrantItem> Items, IReadOnlyList<GrantAttachment> Attachments,
    string Note, string By, DateTimeOffset At);

/// A grant document went out through the submissions path (submission id = the SentSubmission stream).
public sealed record GrantDocumentSent(Guid ApplicationId, Guid SubmissionId, DocumentKind Kind, int Version, GrantDocument Document, string By, DateTimeOffset At);

/// A step of the municipality reached the corporation. <paramref name="Sequence"/> is its position in the
/// municipality's case stream, so steps delivered out of order still leave the latest state.
public sealed record GrantStepReceived(Guid MessageId, Guid ApplicationId, long Sequence, GrantStep Step);

/// What the municipality tells the corporation about one step.
public sealed record GrantStep(
    string What, GrantStatus Status, string? Text, string By, DateTimeOffset At,
    GrantFigures? Figures = null, IReadOnlyList<GrantItem>? Items = null, long? Yen = null, long? ExcessYen = null, long? RepaymentDueYen = null);

// ---- municipality side (stream id = the same application id, in the municipality's store) ----

public sealed record GrantDocumentReceived(
    Guid ApplicationId, Guid SubmissionId, string Corporation, string CorporationName, int Version, GrantDocument Document,
    string Submitter, DateTimeOffset SentAt, DateTimeOffset ReceivedAt);

public sealed record GrantReviewerAssigned(Guid ApplicationId, string Reviewer, string By, DateTimeOffset At);

public sealed record GrantCommented(Guid ApplicationId, string Item, string Text, string By, DateTimeOffset At);

/// 差し戻し of the document under review (application, change request or report), with reasons.
public sealed record GrantReturned(Guid ApplicationId, DocumentKind Document, string Reasons, string By, DateTimeOffset At);

/// 交付決定: the approved base per item, the engine's figures for it and the conditions (交付条件).
public sealed record GrantDecided(Guid ApplicationId, IReadOnlyList<GrantItem> Approved, GrantFigures Figures, string Conditions, string By, DateTimeOffset At);

/// 変更承認: the only way a decided amount changes.
public sealed record GrantChangeApproved(Guid ApplicationId, IReadOnlyList<GrantItem> Approved, GrantFigures Figures, string Note, string By, DateTimeOffset At);

/// 額の確定: the fixed amount from the actual costs, the excess over it, and what must be returned of what was paid.
public sealed record GrantAmountFixed(
    Guid ApplicationId, IReadOnlyList<GrantItem> Settled, GrantFigures Figures, long ExcessYen, long RepaymentDueYen, string By, DateTimeOffset At);

public sealed record GrantPaid(Guid ApplicationId, long Yen, string By, DateTimeOffset At);

/// 取消: the decision is withdrawn; whatever was paid is to be returned.
public sealed record GrantCancelled(Guid ApplicationId, string Reason, long RepaymentDueYen, string By, DateTimeOffset At);

public sealed record GrantRepaymentReceived(Guid ApplicationId, long Yen, string By, DateTimeOffset At);
