namespace Hidamari.Portal.Features.Submissions.Delivery;

public enum OutboxKind
{
    /// corporation → municipality: a <see cref="SubmissionSent"/> snapshot
    Submission,
    /// municipality → corporation: one review step
    ReviewUpdate,
    /// municipality → corporation: one step of a grant case (Features/Grants; SubmissionId holds the application id)
    GrantUpdate,
}

/// <summary>
/// Lets another feature take part in delivery without a second outbox: it receives the submissions of its own kinds
/// (instead of a <see cref="ReceivedSubmission"/>) and applies the outbox messages of its own kinds. Both must be
/// idempotent: a message may arrive twice.
/// </summary>
public interface IDeliveryExtension
{
    bool Receives(DocumentKind kind);

    Task ReceiveSubmissionAsync(Hidamari.Tenancy.TenantInfo corporation, Hidamari.Tenancy.TenantInfo municipality, SubmissionSent sent, CancellationToken ct);

    bool Applies(OutboxKind kind);

    Task ApplyAsync(Hidamari.Tenancy.TenantInfo source, Hidamari.Tenancy.TenantInfo target, OutboxMessage message, CancellationToken ct);
}

/// <summary>
/// A message waiting in the sender's own database, written in the same Marten session (one transaction) as the event
/// it carries, so that an event is never recorded without its message, nor a message without its event.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public string Target { get; set; } = "";
    public OutboxKind Kind { get; set; }
    public Guid SubmissionId { get; set; }
    /// The message itself as JSON (<see cref="SubmissionSent"/> or <see cref="ReviewUpdate"/>).
    public string Payload { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    /// After this many failed attempts a message is reported as stuck (it is still retried).
    public const int StuckAfter = 3;

    public bool IsStuck => DeliveredAt is null && Attempts >= StuckAfter;

    /// Exponential backoff: 2, 4, 8 … seconds, at most five minutes.
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, Math.Clamp(attempts, 1, 9))));
}

/// A review step sent back to the corporation; <see cref="Sequence"/> is its version in the municipality's stream.
public sealed record ReviewUpdate(Guid SubmissionId, long Sequence, ReviewStatus Status, string? Line, string? Text, string By, DateTimeOffset At);
