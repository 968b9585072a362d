using Hidamari.Tenancy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace Hidamari.Billing;

/// One invoice as the portal lists it. Amounts are in the currency's smallest unit (yen has no smaller unit).
public sealed record InvoiceSummary(
    string Id, string? Number, DateTimeOffset Created, long AmountDue, long AmountPaid, string Currency, string? Status,
    string? HostedUrl, string? PdfUrl);

/// <summary>What the billing page and <c>GET /api/t/{tenant}/billing</c> show. <see cref="Invoices"/> is null when
/// Stripe could not be reached (the rest still shows, from our own state).</summary>
public sealed record BillingOverview(
    bool Enabled,
    bool Billed,
    EntitlementReason Reason,
    bool ReadOnly,
    DateTimeOffset? ReadOnlyFrom,
    SubscriptionStatus? Status,
    string? PlanId,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    int Facilities,
    string RecommendedPlanId,
    IReadOnlyList<Plan> Plans,
    IReadOnlyList<InvoiceSummary>? Invoices,
    bool HasCustomer);

public sealed class BillingNotAvailableException(string message) : InvalidOperationException(message);

/// <summary>
/// The Stripe side of billing: a customer per corporation, Checkout for subscribing, the customer portal for
/// payment methods and invoices, and the invoice list. Stripe.net talks to <see cref="BillingOptions.StripeApiBase"/>
/// (Stripe itself unless configured otherwise).
/// </summary>
public sealed class BillingService(IOptions<BillingOptions> options, PlanCatalog plans, BillingStore store, IEntitlements entitlements, IServiceProvider services,
    ILogger<BillingService> logger)
{
    /// Metadata key carrying our tenant id on Stripe customers, Checkout sessions and subscriptions.
    public const string TenantMetadataKey = "hidamari_tenant";

    public const string HttpClientName = "stripe";

    public PlanCatalog Plans => plans;

    private IStripeClient Client =>
        options.Value.Enabled
            ? services.GetRequiredService<IStripeClient>()
            : throw new BillingNotAvailableException("Billing is off: no Stripe key is configured.");

    internal static IStripeClient CreateClient(IServiceProvider sp)
    {
        var settings = sp.GetRequiredService<IOptions<BillingOptions>>().Value;
        var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        return new StripeClient(
            settings.StripeSecretKey,
            httpClient: new SystemNetHttpClient(http, maxNetworkRetries: 2),
            apiBase: string.IsNullOrWhiteSpace(settings.StripeApiBase) ? null : settings.StripeApiBase.TrimEnd('/'));
    }

    public async Task<BillingOverview> OverviewAsync(TenantInfo tenant, int facilities, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var entitlement = await entitlements.ForAsync(tenant, ct);
        var billed = options.Value.Enabled && tenant.Kind == TenantKind.Corporation;
        var customer = billed ? await store.CustomerOfAsync(tenant.Id, ct) : null;
        IReadOnlyList<InvoiceSummary>? invoices = customer is null ? [] : await InvoicesAsync(customer, ct);
        var subscription = entitlement.Subscription;
        return new BillingOverview(
            options.Value.Enabled,
            billed,
            entitlement.Reason,
            entitlement.ReadOnly,
            entitlement.ReadOnlyFrom,
            subscription?.Status,
            plans.ByPriceId(subscription?.PriceId)?.Id,
            subscription?.CurrentPeriodEnd,
            subscription?.CancelAtPeriodEnd ?? false,
            facilities,
            plans.For(facilities).Id,
            plans.All,
            invoices,
            customer is not null);
    }

    /// Starts Stripe Checkout for a plan; returns the URL to send the manager to.
    public async Task<string> StartCheckoutAsync(TenantInfo tenant, string planId, Uri portalBase, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(portalBase);
        EnsureBilled(tenant);
        var plan = plans.ById(planId) ?? throw new ArgumentException($"Unknown plan '{planId}'.", nameof(planId));
        if (string.IsNullOrWhiteSpace(plan.PriceId))
            throw new BillingNotAvailableException($"Plan '{plan.Id}' has no Stripe price configured.");
        // A running subscription changes plan in Stripe's customer portal; a second one would bill twice.
        if (await store.SubscriptionAsync(tenant.Id, ct) is { Status: not SubscriptionStatus.Canceled })
            throw new BillingNotAvailableException("This tenant already has a subscription.");
        var customer = await EnsureCustomerAsync(tenant, ct);
        var metadata = new Dictionary<string, string> { [TenantMetadataKey] = tenant.Id };
        var session = await new Stripe.Checkout.SessionService(Client).CreateAsync(new Stripe.Checkout.SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer,
            ClientReferenceId = tenant.Id,
            LineItems = [new Stripe.Checkout.SessionLineItemOptions { Price = plan.PriceId, Quantity = 1 }],
            SuccessUrl = new Uri(portalBase, $"t/{tenant.Id}/billing?checkout=success").ToString(),
            CancelUrl = new Uri(portalBase, $"t/{tenant.Id}/billing?checkout=canceled").ToString(),
            Metadata = metadata,
            SubscriptionData = new Stripe.Checkout.SessionSubscriptionDataOptions { Metadata = metadata },
        }, cancellationToken: ct);
        return session.Url;
    }

    /// Opens the Stripe customer portal (payment methods, invoices, cancellation); returns its URL.
    public async Task<string> OpenCustomerPortalAsync(TenantInfo tenant, Uri portalBase, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(portalBase);
        EnsureBilled(tenant);
        var customer = await EnsureCustomerAsync(tenant, ct);
        var session = await new Stripe.BillingPortal.SessionService(Client).CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer,
            ReturnUrl = new Uri(portalBase, $"t/{tenant.Id}/billing").ToString(),
        }, cancellationToken: ct);
        return session.Url;
    }

    private async Task<IReadOnlyList<InvoiceSummary>?> InvoicesAsync(string customer, CancellationToken ct)
    {
        try
        {
            var list = await new InvoiceService(Client).ListAsync(new InvoiceListOptions { Customer = customer, Limit = 24 }, cancellationToken: ct);
            return [.. list.Data.Select(i => new InvoiceSummary(
                i.Id, i.Number, WebhookProcessor.Utc(i.Created), i.AmountDue, i.AmountPaid, i.Currency ?? "jpy", i.Status,
                i.HostedInvoiceUrl, i.InvoicePdf))];
        }
        catch (StripeException e)
        {
            logger.LogWarning(e, "Stripe invoice list failed for customer {Customer}", customer);
            return null;
        }
    }

    /// The tenant's Stripe customer, created once (idempotently at Stripe, and first-one-wins in our table).
    private async Task<string> EnsureCustomerAsync(TenantInfo tenant, CancellationToken ct)
    {
        if (await store.CustomerOfAsync(tenant.Id, ct) is { } existing) return existing;
        var customer = await new CustomerService(Client).CreateAsync(new CustomerCreateOptions
        {
            Name = tenant.DisplayName,
            Metadata = new Dictionary<string, string> { [TenantMetadataKey] = tenant.Id },
        }, new RequestOptions { IdempotencyKey = $"hidamari-customer-{tenant.Id}" }, ct);
        return await store.RecordCustomerAsync(tenant.Id, customer.Id, ct);
    }

    private void EnsureBilled(TenantInfo tenant)
    {
        if (!options.Value.Enabled) throw new BillingNotAvailableException("Billing is off: no Stripe key is configured.");
        if (tenant.Kind != TenantKind.Corporation) throw new BillingNotAvailableException("Municipalities are not billed.");
    }
}
