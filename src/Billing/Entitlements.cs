using Hidamari.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hidamari.Billing;

/// <summary>What billing allows a tenant right now: pages ask it to hide write forms and show the banner, and
/// <see cref="ReadOnlyTenantMiddleware"/> asks it before every write.</summary>
public interface IEntitlements
{
    bool BillingEnabled { get; }

    Task<Entitlement> ForAsync(TenantInfo tenant, CancellationToken ct = default);
}

public sealed class Entitlements(IOptions<BillingOptions> options, BillingStore store, TimeProvider clock) : IEntitlements
{
    public bool BillingEnabled => options.Value.Enabled;

    public async Task<Entitlement> ForAsync(TenantInfo tenant, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var settings = options.Value;
        if (!settings.Enabled || tenant.Kind != TenantKind.Corporation)
            return Entitlement.Evaluate(settings.Enabled, tenant, null, clock.GetUtcNow(), settings.PastDueGrace, settings.UnsubscribedGrace);
        var subscription = await store.SubscriptionAsync(tenant.Id, ct);
        return Entitlement.Evaluate(true, tenant, subscription, clock.GetUtcNow(), settings.PastDueGrace, settings.UnsubscribedGrace);
    }
}

/// The words of the read-only refusal, in the request's language (the portal supplies its localized texts).
public interface IReadOnlyMessages
{
    (string Title, string Detail) ReadOnly(Entitlement entitlement);
}

/// Fallback when no localized texts are registered: both languages at once, as the tenant middleware answers.
internal sealed class BilingualReadOnlyMessages : IReadOnlyMessages
{
    public (string Title, string Detail) ReadOnly(Entitlement entitlement) => (
        "読み取り専用です / Read-only",
        "お支払いが確認できないため、このテナントのデータは閲覧と出力のみできます。 / This tenant is read-only until billing is settled; data can still be read and exported.");
}

/// <summary>
/// Refuses every write to a read-only tenant on the server, next to the tenant middleware (which has already
/// resolved the tenant and the caller's membership): any method but GET/HEAD/OPTIONS under <c>/api/t/{tenant}/…</c>
/// or <c>/t/{tenant}/…</c> gets 403 problem+json. Billing's own endpoints stay open, so that a manager can pay.
/// </summary>
public sealed class ReadOnlyTenantMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IEntitlements entitlements, IReadOnlyMessages messages)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
            || context.Features.Get<TenantFeature>() is not { } feature
            || !entitlements.BillingEnabled
            || IsBillingPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var entitlement = await entitlements.ForAsync(feature.Tenant, context.RequestAborted);
        if (!entitlement.ReadOnly)
        {
            await next(context);
            return;
        }

        var (title, detail) = messages.ReadOnly(entitlement);
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status403Forbidden,
                extensions: new Dictionary<string, object?> { ["billing"] = entitlement.Reason.ToString() })
            .ExecuteAsync(context);
    }

    /// <c>/api/t/{tenant}/billing…</c> and <c>/t/{tenant}/billing…</c>.
    internal static bool IsBillingPath(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["api", "t", _, "billing", ..] => true,
            ["t", _, "billing", ..] => true,
            _ => false,
        };
    }
}

public static class BillingServiceCollectionExtensions
{
    /// Billing services; with no Stripe key configured billing is off and every tenant is fully entitled.
    public static IServiceCollection AddBilling(this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        services.AddOptions<BillingOptions>()
            .Bind(configuration.GetSection(BillingOptions.Section))
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.WebhookSecret),
                "Hidamari:Billing:StripeSecretKey is set but Hidamari:Billing:WebhookSecret is not: webhooks could not be verified.")
            .ValidateOnStart();
        services.AddSingleton(sp => new PlanCatalog(sp.GetRequiredService<IOptions<BillingOptions>>().Value));
        services.AddSingleton<BillingStore>();
        services.AddSingleton<IEntitlements, Entitlements>();
        services.AddSingleton<WebhookProcessor>();
        services.AddSingleton<BillingService>();
        services.AddHttpClient(BillingService.HttpClientName);
        services.AddSingleton<Stripe.IStripeClient>(sp => BillingService.CreateClient(sp));
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions
            .TryAddSingleton<IReadOnlyMessages, BilingualReadOnlyMessages>(services);
        services.AddHostedService<BillingStartup>();
        return services;
    }

    /// Refuses writes to read-only tenants: place right after <c>UseTenantRouting()</c>.
    public static IApplicationBuilder UseBillingEntitlements(this IApplicationBuilder app) =>
        app.UseMiddleware<ReadOnlyTenantMiddleware>();
}

/// Creates billing's tables in the shared database (after the tenancy start-up has created that database).
internal sealed class BillingStartup(BillingStore store) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
