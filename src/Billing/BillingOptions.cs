namespace Hidamari.Billing;

/// <summary>
/// Billing settings (<c>Hidamari:Billing</c>). Secrets come only from configuration (user secrets, environment):
/// with no <see cref="StripeSecretKey"/> billing is off and every tenant may write.
/// </summary>
public sealed class BillingOptions
{
    public const string Section = "Hidamari:Billing";

    /// Stripe API key. Empty (the local default) turns billing off.
    public string StripeSecretKey { get; set; } = "";

    /// Signing secret of the webhook endpoint registered at Stripe.
    public string WebhookSecret { get; set; } = "";

    /// Where Stripe.net sends its requests; empty means Stripe itself. Tests point it at a fake Stripe on localhost.
    public string? StripeApiBase { get; set; }

    /// Days a past_due subscription keeps writing before the tenant becomes read-only.
    public int PastDueGraceDays { get; set; } = 7;

    /// Days a corporation may use the portal after it was created before it must subscribe.
    public int UnsubscribedGraceDays { get; set; } = 30;

    /// Seconds a webhook's signature timestamp may differ from now (Stripe's own default is 300).
    public long WebhookToleranceSeconds { get; set; } = 300;

    /// Plans by id, priced by how many facilities a corporation runs. Defaults: small (≤ 2), standard (≤ 5), large.
    public Dictionary<string, PlanOptions> Plans { get; set; } = new(StringComparer.Ordinal);

    public bool Enabled => !string.IsNullOrWhiteSpace(StripeSecretKey);

    public TimeSpan PastDueGrace => TimeSpan.FromDays(PastDueGraceDays);

    public TimeSpan UnsubscribedGrace => TimeSpan.FromDays(UnsubscribedGraceDays);
}

public sealed class PlanOptions
{
    /// The most facilities this plan covers; null means no upper bound.
    public int? MaxFacilities { get; set; }

    /// Stripe price id of the plan's recurring price (configuration only).
    public string PriceId { get; set; } = "";

    /// Monthly price shown in the portal, in yen (Stripe's price is the one charged).
    public long MonthlyYen { get; set; }
}

/// A plan as the portal shows it.
public sealed record Plan(string Id, int? MaxFacilities, string PriceId, long MonthlyYen)
{
    public bool Covers(int facilities) => MaxFacilities is not { } max || facilities <= max;
}

public sealed class PlanCatalog
{
    public PlanCatalog(BillingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Plans.Count > 0 ? options.Plans : Defaults();
        All = [.. configured
            .Select(p => new Plan(p.Key, p.Value.MaxFacilities, p.Value.PriceId, p.Value.MonthlyYen))
            .OrderBy(p => p.MaxFacilities ?? int.MaxValue)];
    }

    /// Plans from the smallest to the largest.
    public IReadOnlyList<Plan> All { get; }

    /// The smallest plan that covers this many facilities.
    public Plan For(int facilities) => All.FirstOrDefault(p => p.Covers(facilities)) ?? All[^1];

    public Plan? ById(string? id) => All.FirstOrDefault(p => p.Id == id);

    public Plan? ByPriceId(string? priceId) =>
        string.IsNullOrEmpty(priceId) ? null : All.FirstOrDefault(p => p.PriceId == priceId);

    private static Dictionary<string, PlanOptions> Defaults() => new(StringComparer.Ordinal)
    {
        ["small"] = new() { MaxFacilities = 2, MonthlyYen = 9_800 },
        ["standard"] = new() { MaxFacilities = 5, MonthlyYen = 19_800 },
        ["large"] = new() { MaxFacilities = null, MonthlyYen = 39_800 },
    };
}
