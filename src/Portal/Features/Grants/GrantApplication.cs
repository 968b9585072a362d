using Hidamari.Portal.Features.Grants.Calculating;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions;
using Marten.Events.Aggregation;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// A grant application as the corporation holds it: the draft (autosaved), every document it sent, and the
/// municipality's steps as they came back. <see cref="AppliedMessages"/> makes a step delivered twice a no-op;
/// <see cref="StepSequence"/> keeps the latest status when steps arrive out of order.
/// </summary>
public sealed record GrantApplication(
    Guid Id, GrantProgramme Programme, string Municipality, string MunicipalityName, string CreatedBy, DateTimeOffset CreatedAt)
{
    public long Version { get; set; }
    public string Title { get; init; } = "";
    public string GroupHome { get; init; } = "";
    public int Homes { get; init; } = 1;
    public IReadOnlyList<GrantItem> Items { get; init; } = [];
    public IReadOnlyList<GrantAttachment> Attachments { get; init; } = [];
    /// Receipts (領収書) for the coming 実績報告, sent with it.
    public IReadOnlyList<GrantAttachment> Receipts { get; init; } = [];
    /// Every stored file that went out in a document: never deleted, whatever the draft does next.
    public IReadOnlyList<Guid> SentFiles { get; init; } = [];
    public string Note { get; init; } = "";
    public GrantStatus Status { get; init; } = GrantStatus.Draft;
    public DateTimeOffset LastEditedAt { get; init; }
    public string LastEditedBy { get; init; } = "";
    public int ApplicationVersion { get; init; }
    public GrantDocument? Requested { get; init; }
    public GrantDocument? Change { get; init; }
    public GrantDocument? Report { get; init; }
    public DateTimeOffset LastSentAt { get; init; }
    public string? ReturnReasons { get; init; }
    public string Conditions { get; init; } = "";
    public IReadOnlyList<GrantItem>? Approved { get; init; }
    public GrantFigures? Decided { get; init; }
    public long DecidedSequence { get; init; }
    public GrantFigures? Fixed { get; init; }
    public long PaidYen { get; init; }
    public long ExcessYen { get; init; }
    public long RepaymentDueYen { get; init; }
    public long RepaidYen { get; init; }
    public long StepSequence { get; init; }
    public IReadOnlyList<Guid> AppliedMessages { get; init; } = [];
    public IReadOnlyList<string> Comments { get; init; } = [];
    public IReadOnlyList<GrantTimelineEntry> Timeline { get; init; } = [];

    public bool IsEditable => Status is GrantStatus.Draft or GrantStatus.Returned;

    /// The submissions path numbers a grant's documents per application and kind.
    public static string DocumentKey(Guid applicationId, DocumentKind kind) => $"{kind}:{applicationId:N}";

    public static GrantApplication Create(GrantDraftStarted e) =>
        new(e.ApplicationId, e.Programme, e.Municipality, e.MunicipalityName, e.By, e.At)
        {
            Title = e.Title, GroupHome = e.GroupHome, Homes = e.Homes, Items = e.Items, LastEditedAt = e.At, LastEditedBy = e.By,
            Timeline = [new("Drafted", e.Title, null, e.By, e.At)],
        };

    public GrantApplication Apply(GrantDraftEdited e) => this with
    {
        Title = e.Title, GroupHome = e.GroupHome, Homes = e.Homes, Items = e.Items, Attachments = e.Attachments, Note = e.Note,
        LastEditedAt = e.At, LastEditedBy = e.By,
    };

    public GrantApplication Apply(GrantDocumentSent e)
    {
        var sent = this with
        {
            LastSentAt = e.At,
            SentFiles = [.. SentFiles.Union(e.Document.Attachments.Select(f => f.FileId).OfType<Guid>())],
            Timeline = [.. Timeline, new($"Sent.{e.Kind}", $"v{e.Version}", e.Document.Figures.GrantYen, e.By, e.At)],
        };
        return e.Kind switch
        {
            DocumentKind.GrantApplication => sent with { Status = GrantStatus.Submitted, Requested = e.Document, ApplicationVersion = e.Version, ReturnReasons = null },
            DocumentKind.GrantChangeRequest => sent with { Status = GrantStatus.ChangeRequested, Change = e.Document, ReturnReasons = null },
            DocumentKind.GrantReport => sent with { Status = GrantStatus.Reported, Report = e.Document, ReturnReasons = null },
            DocumentKind.GrantClaim => sent with { Status = GrantStatus.Claimed },
            _ => sent,
        };
    }

    public GrantApplication Apply(Attaching.GrantFileAttached e)
    {
        var entry = new GrantTimelineEntry($"FileAttached.{e.For}", e.File.Name, null, e.By, e.At);
        return e.For == Attaching.GrantFileUse.Application
            ? this with { Attachments = [.. Attachments, e.File], LastEditedAt = e.At, LastEditedBy = e.By, Timeline = [.. Timeline, entry] }
            : this with { Receipts = [.. Receipts, e.File], Timeline = [.. Timeline, entry] };
    }

    public GrantApplication Apply(Attaching.GrantFileRemoved e)
    {
        var entry = new GrantTimelineEntry($"FileRemoved.{e.For}", e.Name, null, e.By, e.At);
        return e.For == Attaching.GrantFileUse.Application
            ? this with { Attachments = [.. Attachments.Where(f => f.FileId != e.FileId)], LastEditedAt = e.At, LastEditedBy = e.By, Timeline = [.. Timeline, entry] }
            : this with { Receipts = [.. Receipts.Where(f => f.FileId != e.FileId)], Timeline = [.. Timeline, entry] };
    }

    public GrantApplication Apply(GrantStepReceived e)
    {
        if (AppliedMessages.Contains(e.MessageId)) return this;
        var s = e.Step;
        var latest = e.Sequence > StepSequence && s.At >= LastSentAt;
        var next = this with
        {
            AppliedMessages = [.. AppliedMessages, e.MessageId],
            StepSequence = Math.Max(StepSequence, e.Sequence),
            Status = latest ? s.Status : Status,
            Timeline = [.. Timeline.Append(new(s.What, s.Text, s.Yen ?? s.Figures?.GrantYen, s.By, s.At)).OrderBy(t => t.At)],
        };
        return s.What switch
        {
            "Decided" or "ChangeApproved" when e.Sequence > DecidedSequence =>
                next with { Decided = s.Figures, Approved = s.Items, DecidedSequence = e.Sequence, Conditions = s.What == "Decided" ? s.Text ?? "" : Conditions },
            "Fixed" => next with { Fixed = s.Figures, ExcessYen = s.ExcessYen ?? 0, RepaymentDueYen = s.RepaymentDueYen ?? 0 },
            "Paid" => next with { PaidYen = PaidYen + (s.Yen ?? 0) },
            "Cancelled" => next with { RepaymentDueYen = s.RepaymentDueYen ?? 0 },
            "Repaid" => next with { RepaidYen = RepaidYen + (s.Yen ?? 0) },
            "Commented" => next with { Comments = [.. Comments, $"{s.Text} ({s.By})"] },
            _ when s.What.StartsWith("Returned", StringComparison.Ordinal) && latest => next with { ReturnReasons = s.Text },
            _ => next,
        };
    }
}

public sealed class GrantApplicationProjection : SingleStreamProjection<GrantApplication, Guid>
{
    public static GrantApplication Create(GrantDraftStarted e) => GrantApplication.Create(e);
    public static GrantApplication Apply(GrantDraftEdited e, GrantApplication a) => a.Apply(e);
    public static GrantApplication Apply(GrantDocumentSent e, GrantApplication a) => a.Apply(e);
    public static GrantApplication Apply(GrantStepReceived e, GrantApplication a) => a.Apply(e);
    public static GrantApplication Apply(Attaching.GrantFileAttached e, GrantApplication a) => a.Apply(e);
    public static GrantApplication Apply(Attaching.GrantFileRemoved e, GrantApplication a) => a.Apply(e);
}
