using Hidamari.Portal.Features.Submissions;

namespace Hidamari.Portal.Features.Notifications;

/// What a person can be told about.
public enum NotificationKind
{
    /// 差し戻し reached the corporation.
    SubmissionReturned,
    /// 受理 reached the corporation.
    SubmissionAccepted,
    /// A new submission reached the municipality's queue.
    SubmissionReceived,
    /// A municipal decision on a grant application reached the corporation (差し戻し, 交付決定, 額の確定, 支払, 取消).
    GrantDecision,
}

/// How a person wants to hear of one kind: in the portal only, in the portal and by e-mail at once, in the portal and in
/// the daily digest, or not at all.
public enum NotificationChannel
{
    InApp,
    Immediate,
    Digest,
    None,
}

/// What happened, as the producer tells it (no text: the text is rendered in the reader's language).
public sealed record NotificationSubject(
    NotificationKind Kind, Guid SubmissionId, DocumentKind Document, int? FiscalYear, int Version, string From, string? Detail,
    Grants.GrantStatus? GrantStatus = null);

/// <summary>
/// One notification for one person, stored in the database of the tenant it is about (so it never leaves that tenant):
/// a member of two tenants has two separate lists, each read only under that tenant's route.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = "";
    public string Email { get; set; } = "";
    public NotificationKind Kind { get; set; }
    public NotificationSubject Subject { get; set; } = default!;
    public NotificationChannel Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// When the e-mail (immediate or digest) went out; null while one is due.
    public DateTimeOffset? MailedAt { get; set; }
    public int MailAttempts { get; set; }

    public bool IsRead => ReadAt is not null;

    public bool MailDue(NotificationChannel channel) => Channel == channel && MailedAt is null;
}

/// <summary>A person's choice per kind in one tenant (document id = the user id).</summary>
public sealed class NotificationPreferences
{
    public string Id { get; set; } = "";
    public Dictionary<NotificationKind, NotificationChannel> Channels { get; set; } = [];

    /// Decisions matter at once; new submissions in a municipality's queue come in bulk, so once a day.
    public static NotificationChannel Default(NotificationKind kind) => kind switch
    {
        NotificationKind.SubmissionReturned or NotificationKind.SubmissionAccepted or NotificationKind.GrantDecision => NotificationChannel.Immediate,
        _ => NotificationChannel.Digest,
    };

    public NotificationChannel ChannelFor(NotificationKind kind) => Channels.TryGetValue(kind, out var c) ? c : Default(kind);

    public IReadOnlyDictionary<NotificationKind, NotificationChannel> All() =>
        Enum.GetValues<NotificationKind>().ToDictionary(k => k, ChannelFor);
}
