using Hidamari.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace Hidamari.Billing;

public enum WebhookOutcome
{
    /// The event changed a tenant's subscription state.
    Applied,
    /// Processed, but older than the stored state (a late or out-of-order delivery): no change.
    Stale,
    /// Processed; the event is of no interest, or names no tenant we know.
    Ignored,
    /// This event id was processed before: no change.
    Duplicate,
}

/// <summary>
/// Processes one verified Stripe event exactly once: its id is claimed in <c>billing.stripe_events</c> in the same
/// transaction that changes the state, so a failure rolls back both (Stripe retries, and the retry finds the id free)
/// and a redelivery after success finds it taken. State comes from the event's own object and created time, never
/// from the order of arrival.
/// </summary>
public sealed class WebhookProcessor(BillingStore store, TenantRegistry registry, ILogger<WebhookProcessor> logger)
{
    public async Task<WebhookOutcome> ProcessAsync(Event stripeEvent, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        var created = Utc(stripeEvent.Created);
        await using var conn = await store.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await BillingStore.TryClaimEventAsync(conn, tx, stripeEvent.Id, stripeEvent.Type, created, ct))
        {
            await tx.RollbackAsync(ct);
            return WebhookOutcome.Duplicate;
        }

        var (outcome, tenantId) = stripeEvent.Data?.Object switch
        {
            Subscription subscription when Rank(stripeEvent.Type) is { } rank =>
                await ApplySubscriptionAsync(conn, tx, subscription, created, rank, ct),
            Stripe.Checkout.Session session when stripeEvent.Type == EventTypes.CheckoutSessionCompleted =>
                await LinkCustomerAsync(conn, tx, session, ct),
            _ => (WebhookOutcome.Ignored, null),
        };
        await BillingStore.RecordOutcomeAsync(conn, tx, stripeEvent.Id, tenantId, outcome.ToString(), ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Stripe event {EventId} ({Type}) for tenant {Tenant}: {Outcome}", stripeEvent.Id, stripeEvent.Type, tenantId, outcome);
        return outcome;
    }

    private static int? Rank(string type) => type switch
    {
        EventTypes.CustomerSubscriptionCreated => SubscriptionSnapshot.CreatedRank,
        EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionPaused
            or EventTypes.CustomerSubscriptionResumed or EventTypes.CustomerSubscriptionTrialWillEnd => SubscriptionSnapshot.UpdatedRank,
        EventTypes.CustomerSubscriptionDeleted => SubscriptionSnapshot.DeletedRank,
        _ => null,
    };

    private async Task<(WebhookOutcome, string?)> ApplySubscriptionAsync(
        Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, Subscription subscription, DateTimeOffset created, int rank, CancellationToken ct)
    {
        var tenant = await ResolveTenantAsync(conn, tx, subscription.CustomerId, subscription.Metadata, ct);
        if (tenant is null) return (WebhookOutcome.Ignored, null);

        await BillingStore.LockTenantAsync(conn, tx, tenant.Id, ct);
        if (subscription.CustomerId is { Length: > 0 } customerId)
            await BillingStore.RecordCustomerAsync(conn, tx, tenant.Id, customerId, ct);
        var current = await BillingStore.SubscriptionAsync(conn, tx, tenant.Id, forUpdate: true, ct);
        var item = subscription.Items?.Data?.FirstOrDefault();
        var snapshot = new SubscriptionSnapshot(
            subscription.Id,
            subscription.CustomerId,
            subscription.Status,
            item?.Price?.Id,
            item is { CurrentPeriodEnd: var end } && end != default ? Utc(end) : null,
            subscription.CancelAtPeriodEnd,
            created,
            rank);
        var next = SubscriptionRules.Apply(tenant.Id, current, snapshot);
        if (next is null) return (WebhookOutcome.Stale, tenant.Id);
        await BillingStore.SaveAsync(conn, tx, next, ct);
        return (WebhookOutcome.Applied, tenant.Id);
    }

    private async Task<(WebhookOutcome, string?)> LinkCustomerAsync(
        Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, Stripe.Checkout.Session session, CancellationToken ct)
    {
        var metadata = session.Metadata ?? new Dictionary<string, string>();
        if (session.ClientReferenceId is { } reference) metadata = new(metadata) { [BillingService.TenantMetadataKey] = reference };
        var tenant = await ResolveTenantAsync(conn, tx, session.CustomerId, metadata, ct);
        if (tenant is null || session.CustomerId is not { Length: > 0 } customerId) return (WebhookOutcome.Ignored, tenant?.Id);
        await BillingStore.RecordCustomerAsync(conn, tx, tenant.Id, customerId, ct);
        return (WebhookOutcome.Applied, tenant.Id);
    }

    /// The tenant of a Stripe object: by the customer we created for it, else by the tenant id we put in its metadata.
    /// Only corporations in the registry qualify; anything else is ignored, never created.
    private async Task<TenantInfo?> ResolveTenantAsync(
        Npgsql.NpgsqlConnection conn, Npgsql.NpgsqlTransaction tx, string? customerId, IDictionary<string, string>? metadata, CancellationToken ct)
    {
        string? id = null;
        if (customerId is { Length: > 0 }) id = await BillingStore.TenantOfCustomerAsync(conn, tx, customerId, ct);
        if (id is null && metadata is not null && metadata.TryGetValue(BillingService.TenantMetadataKey, out var fromMetadata)) id = fromMetadata;
        var tenant = await registry.FindAsync(id, ct);
        return tenant is { Kind: TenantKind.Corporation } ? tenant : null;
    }

    internal static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime(), TimeSpan.Zero);
}

public static class StripeWebhookEndpoint
{
    public const string Path = "/billing/stripe/webhook";

    /// <summary>
    /// Stripe's webhook: outside the tenant routes, no cookie or token (the signature is the authentication), no
    /// antiforgery. 400 when the signature is missing, wrong or older than the tolerance; 5xx when processing fails,
    /// so that Stripe retries; 200 otherwise, also for events seen before.
    /// </summary>
    public static IEndpointConventionBuilder MapStripeWebhook(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, HandleAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<IResult> HandleAsync(HttpContext http, IOptions<BillingOptions> options, WebhookProcessor processor, CancellationToken ct)
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.WebhookSecret))
            return Results.Problem(title: "Billing is not configured", statusCode: StatusCodes.Status404NotFound);

        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var signature = http.Request.Headers["Stripe-Signature"].ToString();
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, settings.WebhookSecret,
                tolerance: settings.WebhookToleranceSeconds, throwOnApiVersionMismatch: false);
        }
        catch (StripeException e)
        {
            return Results.Problem(title: "Invalid Stripe signature", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or System.Text.Json.JsonException)
        {
            // Correctly signed but not an event: retrying cannot help.
            return Results.Problem(title: "Malformed Stripe event", statusCode: StatusCodes.Status400BadRequest);
        }

        var outcome = await processor.ProcessAsync(stripeEvent, ct);
        return Results.Ok(new { received = stripeEvent.Id, outcome = outcome.ToString() });
    }
}
