using Hidamari.Tenancy;

namespace Hidamari.Billing;

/// The four states the portal knows; Stripe's other statuses map onto them (<see cref="SubscriptionRules.Map"/>).
public enum SubscriptionStatus
{
    Trialing,
    Active,
    PastDue,
    Canceled,
}

/// <summary>A corporation's subscription as the last applied webhook left it.</summary>
/// <param name="StateAt">Created time of the Stripe event that set this state: older events never overwrite it.</param>
/// <param name="StateRank">Tie-break for events of the same second: created (0) &lt; updated (1) &lt; deleted (2).</param>
/// <param name="PastDueSince">When the subscription became past_due (the grace period runs from here).</param>
public sealed record TenantSubscription(
    string TenantId,
    string SubscriptionId,
    string? CustomerId,
    SubscriptionStatus Status,
    string StripeStatus,
    string? PriceId,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? PastDueSince,
    DateTimeOffset StateAt,
    int StateRank);

/// <summary>What one subscription event says: the subscription object's state at the event's created time.</summary>
public sealed record SubscriptionSnapshot(
    string SubscriptionId,
    string? CustomerId,
    string StripeStatus,
    string? PriceId,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset ObservedAt,
    int Rank)
{
    public const int CreatedRank = 0;
    public const int UpdatedRank = 1;
    public const int DeletedRank = 2;
}

/// <summary>
/// How a subscription event changes the stored state. Stripe may deliver late, twice or out of order, so an event
/// only applies when it is newer than the state it would replace, and a canceled subscription never comes back
/// (a new subscription has a new id).
/// </summary>
public static class SubscriptionRules
{
    public static SubscriptionStatus Map(string stripeStatus) => stripeStatus switch
    {
        "trialing" => SubscriptionStatus.Trialing,
        "active" => SubscriptionStatus.Active,
        // incomplete: the first payment has not gone through yet; unpaid/paused: retries exhausted or trial ended
        // without a payment method. All three are "payment owed".
        "past_due" or "unpaid" or "incomplete" or "paused" => SubscriptionStatus.PastDue,
        "canceled" or "incomplete_expired" => SubscriptionStatus.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(stripeStatus), stripeStatus, "Unknown Stripe subscription status"),
    };

    /// The new state, or null when the event is older than what is stored (nothing to change).
    public static TenantSubscription? Apply(string tenantId, TenantSubscription? current, SubscriptionSnapshot change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var status = change.Rank == SubscriptionSnapshot.DeletedRank ? SubscriptionStatus.Canceled : Map(change.StripeStatus);
        if (current is not null)
        {
            var newer = change.ObservedAt > current.StateAt
                || (change.ObservedAt == current.StateAt && change.Rank > current.StateRank);
            if (!newer) return null;
            if (current.SubscriptionId == change.SubscriptionId && current.Status == SubscriptionStatus.Canceled
                && status != SubscriptionStatus.Canceled) return null;
        }

        var samePastDue = current is { Status: SubscriptionStatus.PastDue } && current.SubscriptionId == change.SubscriptionId;
        DateTimeOffset? pastDueSince = status == SubscriptionStatus.PastDue
            ? samePastDue ? current!.PastDueSince : change.ObservedAt
            : null;

        return new TenantSubscription(
            tenantId,
            change.SubscriptionId,
            change.CustomerId ?? current?.CustomerId,
            status,
            change.Rank == SubscriptionSnapshot.DeletedRank ? "canceled" : change.StripeStatus,
            change.PriceId ?? current?.PriceId,
            change.CurrentPeriodEnd ?? current?.CurrentPeriodEnd,
            change.CancelAtPeriodEnd,
            pastDueSince,
            change.ObservedAt,
            change.Rank);
    }
}

/// Why a tenant may or may not write.
public enum EntitlementReason
{
    /// No Stripe key configured: billing is off, everyone writes.
    BillingOff,
    /// Municipalities are not billed.
    NotBilled,
    /// A corporation that has not subscribed yet, within its grace period after creation.
    NotSubscribed,
    /// A corporation that never subscribed, past its grace period.
    NotSubscribedLapsed,
    Trialing,
    Active,
    /// Payment failed; still writable until the grace period ends.
    PastDueGrace,
    /// Payment failed and the grace period is over: read-only.
    PastDueLapsed,
    /// Subscription ended: read-only, data kept and exportable.
    Canceled,
}

/// <summary>What a tenant may do because of billing. Read-only never deletes or hides anything: reads and exports work.</summary>
/// <param name="ReadOnlyFrom">When writing stops (or stopped), if it does.</param>
public sealed record Entitlement(EntitlementReason Reason, bool ReadOnly, DateTimeOffset? ReadOnlyFrom, TenantSubscription? Subscription)
{
    public static readonly Entitlement Off = new(EntitlementReason.BillingOff, false, null, null);

    /// Whether every page of the tenant shows the billing banner.
    public bool ShowBanner => Reason is EntitlementReason.PastDueGrace or EntitlementReason.PastDueLapsed
        or EntitlementReason.Canceled or EntitlementReason.NotSubscribedLapsed;

    public static Entitlement Evaluate(bool billingEnabled, TenantInfo tenant, TenantSubscription? subscription,
        DateTimeOffset now, TimeSpan pastDueGrace, TimeSpan unsubscribedGrace)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!billingEnabled) return Off;
        if (tenant.Kind != TenantKind.Corporation) return new(EntitlementReason.NotBilled, false, null, null);
        if (subscription is null)
        {
            var until = tenant.CreatedAt + unsubscribedGrace;
            return now < until
                ? new(EntitlementReason.NotSubscribed, false, until, null)
                : new(EntitlementReason.NotSubscribedLapsed, true, until, null);
        }
        switch (subscription.Status)
        {
            case SubscriptionStatus.Trialing: return new(EntitlementReason.Trialing, false, null, subscription);
            case SubscriptionStatus.Active: return new(EntitlementReason.Active, false, null, subscription);
            case SubscriptionStatus.PastDue:
                var from = (subscription.PastDueSince ?? subscription.StateAt) + pastDueGrace;
                return now < from
                    ? new(EntitlementReason.PastDueGrace, false, from, subscription)
                    : new(EntitlementReason.PastDueLapsed, true, from, subscription);
            default: return new(EntitlementReason.Canceled, true, subscription.StateAt, subscription);
        }
    }
}
