using Hidamari.Billing;
using Hidamari.Tenancy;

namespace Hidamari.Tests.Features.Billing;

[Trait("Category", "Billing")]
public sealed class SubscriptionRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    private static SubscriptionSnapshot Event(string status, DateTimeOffset at, int rank = SubscriptionSnapshot.UpdatedRank, string id = "sub_1", string price = "price_std") =>
        new(id, "cus_1", status, price, at.AddMonths(1), false, at, rank);

    private static TenantSubscription? Replay(params SubscriptionSnapshot[] events)
    {
        TenantSubscription? state = null;
        foreach (var e in events) state = SubscriptionRules.Apply("t", state, e) ?? state;
        return state;
    }

    [Theory]
    [InlineData("trialing", SubscriptionStatus.Trialing)]
    [InlineData("active", SubscriptionStatus.Active)]
    [InlineData("past_due", SubscriptionStatus.PastDue)]
    [InlineData("unpaid", SubscriptionStatus.PastDue)]
    [InlineData("incomplete", SubscriptionStatus.PastDue)]
    [InlineData("paused", SubscriptionStatus.PastDue)]
    [InlineData("canceled", SubscriptionStatus.Canceled)]
    [InlineData("incomplete_expired", SubscriptionStatus.Canceled)]
    public void Stripe_statuses_map_onto_the_four_portal_states(string stripe, SubscriptionStatus expected) =>
        Assert.Equal(expected, SubscriptionRules.Map(stripe));

    [Fact]
    public void An_update_delivered_before_the_creation_wins_whatever_the_arrival_order()
    {
        var created = Event("trialing", T0, SubscriptionSnapshot.CreatedRank);
        var updated = Event("active", T0.AddMinutes(5));
        Assert.Equal(SubscriptionStatus.Active, Replay(created, updated)!.Status);
        Assert.Equal(SubscriptionStatus.Active, Replay(updated, created)!.Status);
        Assert.Null(SubscriptionRules.Apply("t", Replay(updated), created));
    }

    [Fact]
    public void Within_the_same_second_created_then_updated_then_deleted_is_the_order()
    {
        var created = Event("incomplete", T0, SubscriptionSnapshot.CreatedRank);
        var updated = Event("active", T0);
        var deleted = Event("canceled", T0, SubscriptionSnapshot.DeletedRank);
        Assert.Equal(SubscriptionStatus.Active, Replay(updated, created)!.Status);
        Assert.Equal(SubscriptionStatus.Canceled, Replay(deleted, updated, created)!.Status);
    }

    [Fact]
    public void A_canceled_subscription_never_comes_back_but_a_new_subscription_does()
    {
        var canceled = Replay(Event("active", T0), Event("canceled", T0.AddDays(30), SubscriptionSnapshot.DeletedRank));
        Assert.Null(SubscriptionRules.Apply("t", canceled, Event("active", T0.AddDays(31))));
        var renewed = SubscriptionRules.Apply("t", canceled, Event("active", T0.AddDays(40), SubscriptionSnapshot.CreatedRank, id: "sub_2"));
        Assert.Equal(SubscriptionStatus.Active, renewed!.Status);
        Assert.Equal("sub_2", renewed.SubscriptionId);
    }

    [Fact]
    public void Past_due_counts_from_the_first_past_due_event_and_clears_on_payment()
    {
        var state = Replay(Event("active", T0), Event("past_due", T0.AddDays(1)), Event("past_due", T0.AddDays(3)));
        Assert.Equal(T0.AddDays(1), state!.PastDueSince);
        var paid = SubscriptionRules.Apply("t", state, Event("active", T0.AddDays(4)));
        Assert.Equal(SubscriptionStatus.Active, paid!.Status);
        Assert.Null(paid.PastDueSince);
    }

    public static TheoryData<SubscriptionStatus?, int, EntitlementReason, bool> Cases() => new()
    {
        // status, days since the state (past_due: since it began), expected reason, read-only
        { SubscriptionStatus.Trialing, 0, EntitlementReason.Trialing, false },
        { SubscriptionStatus.Active, 400, EntitlementReason.Active, false },
        { SubscriptionStatus.PastDue, 0, EntitlementReason.PastDueGrace, false },
        { SubscriptionStatus.PastDue, 6, EntitlementReason.PastDueGrace, false },
        { SubscriptionStatus.PastDue, 7, EntitlementReason.PastDueLapsed, true },
        { SubscriptionStatus.PastDue, 30, EntitlementReason.PastDueLapsed, true },
        { SubscriptionStatus.Canceled, 0, EntitlementReason.Canceled, true },
        { null, 10, EntitlementReason.NotSubscribed, false },
        { null, 31, EntitlementReason.NotSubscribedLapsed, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Entitlement_follows_status_and_grace_period(SubscriptionStatus? status, int days, EntitlementReason reason, bool readOnly)
    {
        var corporation = new TenantInfo("corp", TenantKind.Corporation, "法人", "東京都", "default", "db", TenantStatus.Active, T0);
        var subscription = status is { } s
            ? new TenantSubscription("corp", "sub_1", "cus_1", s, "x", "price", null, false, s == SubscriptionStatus.PastDue ? T0 : null, T0, 1)
            : null;
        var entitlement = Entitlement.Evaluate(true, corporation, subscription, T0.AddDays(days), TimeSpan.FromDays(7), TimeSpan.FromDays(30));
        Assert.Equal(reason, entitlement.Reason);
        Assert.Equal(readOnly, entitlement.ReadOnly);
    }

    [Fact]
    public void Without_a_Stripe_key_or_for_a_municipality_nothing_is_ever_read_only()
    {
        var corporation = new TenantInfo("corp", TenantKind.Corporation, "法人", "東京都", "default", "db", TenantStatus.Active, T0);
        var ward = corporation with { Id = "ward", Kind = TenantKind.Municipality };
        var canceled = new TenantSubscription("corp", "sub_1", "cus_1", SubscriptionStatus.Canceled, "canceled", null, null, false, null, T0, 2);
        Assert.Equal(EntitlementReason.BillingOff, Entitlement.Evaluate(false, corporation, canceled, T0.AddYears(1), TimeSpan.Zero, TimeSpan.Zero).Reason);
        Assert.False(Entitlement.Evaluate(false, corporation, canceled, T0.AddYears(1), TimeSpan.Zero, TimeSpan.Zero).ReadOnly);
        var municipal = Entitlement.Evaluate(true, ward, null, T0.AddYears(1), TimeSpan.Zero, TimeSpan.Zero);
        Assert.Equal(EntitlementReason.NotBilled, municipal.Reason);
        Assert.False(municipal.ReadOnly);
    }

    [Theory]
    [InlineData(2, "small")]
    [InlineData(0, "small")]
    [InlineData(3, "standard")]
    [InlineData(5, "standard")]
    [InlineData(6, "large")]
    [InlineData(40, "large")]
    public void The_plan_follows_the_number_of_facilities(int facilities, string plan) =>
        Assert.Equal(plan, new PlanCatalog(new BillingOptions()).For(facilities).Id);
}
