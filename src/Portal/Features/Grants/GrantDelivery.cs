using System.Text.Json;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Marten;

namespace Hidamari.Portal.Features.Grants;

/// <summary>
/// The grant's part in submission delivery. Documents (application, change request, report, claim) land on the
/// municipality's <see cref="GrantCase"/>, keyed by submission id so a second delivery is a no-op; a document that
/// arrives before its application is refused and retried by the outbox. Municipal steps land on the corporation's
/// <see cref="GrantApplication"/>, keyed by message id, ordered by sequence.
/// </summary>
public sealed class GrantDelivery(TenantStores stores, TimeProvider clock, NotificationPublisher notifications, Attaching.GrantFiles files) : IDeliveryExtension
{
    public bool Receives(DocumentKind kind) => kind is DocumentKind.GrantApplication or DocumentKind.GrantChangeRequest or DocumentKind.GrantReport or DocumentKind.GrantClaim;

    public bool Applies(OutboxKind kind) => kind == OutboxKind.GrantUpdate;

    public async Task ReceiveSubmissionAsync(TenantInfo corporation, TenantInfo municipality, SubmissionSent sent, CancellationToken ct)
    {
        var document = sent.Content.Grant ?? throw new DeliveryRefusedException($"submission {sent.SubmissionId} carries no grant document");
        await using var session = stores.OpenSession(municipality);
        session.LastModifiedBy = sent.Submitter;
        var received = new GrantDocumentReceived(document.ApplicationId, sent.SubmissionId, corporation.Id, corporation.DisplayName, sent.Version, document,
            sent.Submitter, sent.SentAt, clock.GetUtcNow());
        var stream = await session.Events.FetchForWriting<GrantCase>(document.ApplicationId, ct);
        if (stream.Aggregate is not { } grantCase)
        {
            if (document.Kind != DocumentKind.GrantApplication)
                throw new DeliveryRefusedException($"{sent.Kind} {sent.SubmissionId} arrived before its application {document.ApplicationId}");
            session.Events.StartStream<GrantCase>(document.ApplicationId, received);
        }
        else
        {
            if (grantCase.Corporation != corporation.Id)
                throw new DeliveryRefusedException($"{corporation.Id} may not add to the application {document.ApplicationId} of {grantCase.Corporation}");
            if (grantCase.Submissions.Contains(sent.SubmissionId)) return;
            stream.AppendOne(received);
        }
        // The stored files it names arrive first (each in its own transaction, idempotent), then the event naming them.
        await files.CopyToMunicipalityAsync(corporation, municipality, document, ct);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException or JasperFx.ConcurrencyException)
        {
            // Delivered concurrently by another pass: the next pass finds it applied (or appends it then).
            throw new DeliveryRefusedException($"concurrent delivery of {sent.SubmissionId}; retried");
        }
    }

    public async Task ApplyAsync(TenantInfo source, TenantInfo target, OutboxMessage message, CancellationToken ct)
    {
        if (source.Kind != TenantKind.Municipality || target.Kind != TenantKind.Corporation)
            throw new DeliveryRefusedException($"{source.Id} may not send grant steps to {target.Id}");
        var update = JsonSerializer.Deserialize<GrantUpdate>(message.Payload, SubmissionDelivery.Json)!;
        await using var session = stores.OpenSession(target);
        var stream = await session.Events.FetchForWriting<GrantApplication>(update.ApplicationId, ct);
        // A municipality speaks only about applications this corporation sent to it.
        if (stream.Aggregate is not { } application || application.Municipality != source.Id)
            throw new DeliveryRefusedException($"{source.Id} has no grant application {update.ApplicationId} of {target.Id}");
        if (application.AppliedMessages.Contains(message.Id)) return;
        session.LastModifiedBy = update.Step.By;
        stream.AppendOne(new GrantStepReceived(message.Id, update.ApplicationId, update.Sequence, update.Step));
        // Decisions are told to the corporation's people (saved with the step: a step delivered twice notifies once).
        var staged = DecisionOf(update.Step) is { } decided
            ? await notifications.StageAsync(session, target, new NotificationSubject(
                NotificationKind.GrantDecision, application.Id, DocumentKind.GrantApplication, application.Programme.FiscalYear,
                Math.Max(application.ApplicationVersion, 1), source.DisplayName, update.Step.Text, decided), ct)
            : [];
        await session.SaveChangesAsync(ct);
        await notifications.DispatchAsync(target, staged, ct);
    }

    /// The decision a municipal step announces (assignments, comments and repayments are not announced).
    public static GrantStatus? DecisionOf(GrantStep step) => step.What switch
    {
        "Decided" or "ChangeApproved" => GrantStatus.Decided,
        "Fixed" => GrantStatus.Fixed,
        "Paid" => GrantStatus.Paid,
        "Cancelled" => GrantStatus.Cancelled,
        _ when step.What.StartsWith("Returned", StringComparison.Ordinal) => GrantStatus.Returned,
        _ => null,
    };
}
