using Hidamari.Billing;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Billing;

/// The plan the manager picks in Checkout.
public sealed record StartCheckout(string Plan);

/// Where to send the manager's browser next (Stripe Checkout or the customer portal).
public sealed record RedirectTo(string Url);

public static class BillingApi
{
    public static RouteGroupBuilder MapBillingApi(this RouteGroupBuilder tenantApi)
    {
        // Only a corporation's manager subscribes and sees invoices; writes here stay open to a read-only tenant.
        var group = tenantApi.MapGroup("/billing").WithTags("Billing").RequireTenantRoles(Roles.Manager);

        group.MapGet("/", Overview)
            .WithName("GetBilling")
            .WithSummary("プラン・状態・請求書 / Plan, subscription status and invoices");
        group.MapPost("/checkout", Checkout)
            .WithName("StartCheckout")
            .WithSummary("Stripe Checkout でプランに申し込む / Start Stripe Checkout for a plan");
        group.MapPost("/portal", CustomerPortal)
            .WithName("OpenCustomerPortal")
            .WithSummary("Stripe のカスタマーポータルを開く / Open the Stripe customer portal");
        return group;
    }

    private static async Task<Ok<BillingOverview>> Overview(HttpContext http, BillingService billing, FacilityQueries facilities, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        return TypedResults.Ok(await billing.OverviewAsync(tenant, await FacilityCountAsync(tenant, facilities, ct), ct));
    }

    private static Task<IResult> Checkout(StartCheckout command, HttpContext http, BillingService billing, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        RedirectAsync(text, () =>
        {
            if (billing.Plans.ById(command.Plan) is null) throw new ArgumentException(text["Billing.UnknownPlan"]);
            return billing.StartCheckoutAsync(http.GetTenant(), command.Plan, PortalBase(http), ct);
        });

    private static Task<IResult> CustomerPortal(HttpContext http, BillingService billing, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        RedirectAsync(text, () => billing.OpenCustomerPortalAsync(http.GetTenant(), PortalBase(http), ct));

    internal static async Task<int> FacilityCountAsync(TenantInfo tenant, FacilityQueries facilities, CancellationToken ct) =>
        tenant.Kind == TenantKind.Corporation ? (await facilities.ListAsync(tenant, ct)).Facilities.Count : 0;

    private static Uri PortalBase(HttpContext http) => new($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");

    private static async Task<IResult> RedirectAsync(IStringLocalizer<SharedResource> text, Func<Task<string>> start)
    {
        try
        {
            return TypedResults.Ok(new RedirectTo(await start()));
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["plan"] = [e.Message] });
        }
        catch (BillingNotAvailableException)
        {
            return TypedResults.Problem(text["Billing.Unavailable"], statusCode: StatusCodes.Status409Conflict);
        }
        catch (Stripe.StripeException)
        {
            return TypedResults.Problem(text["Billing.StripeError"], statusCode: StatusCodes.Status502BadGateway);
        }
    }
}
