using System.Globalization;
using System.Text.Json.Serialization;
using Hidamari.Portal.Components;
using Hidamari.Portal.DemoData;
using Hidamari.Billing;
using Hidamari.Portal.Features.Admin;
using Hidamari.Portal.Features.Billing;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Home;
using Hidamari.Portal.Features.Account;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Standards;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Subsidies;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.TenantArchives;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Localization;
using Radzen;
using Scalar.AspNetCore;

namespace Hidamari.Portal;

/// One Add/Use/Map per concern, so that Program.cs stays a table of contents.
public static class PortalComposition
{
    public static readonly CultureInfo[] Cultures = [new("ja-JP"), new("en")];

    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        // SharedResource.resx sits beside SharedResource.cs, so its manifest name is the class name: no ResourcesPath.
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("ja-JP");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.ApplyCurrentCultureToResponseHeaders = true;
            // Pages: Japanese unless the person chose English (cookie). The API also honours Accept-Language.
            var acceptLanguage = new AcceptLanguageHeaderRequestCultureProvider();
            o.RequestCultureProviders =
            [
                new CookieRequestCultureProvider(),
                new CustomRequestCultureProvider(http => http.Request.Path.StartsWithSegments("/api")
                    ? acceptLanguage.DetermineProviderCultureResult(http)
                    : Task.FromResult<ProviderCultureResult?>(null)),
            ];
        });
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(o => o.MaximumReceiveMessageSize = CircuitLimits.MaximumReceiveMessageSize);
        services.AddRadzenComponents();
        services.AddProblemDetails();
        // Binding failures (bad JSON, wrong types) reach ProblemExceptionHandler in every environment.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddStrictJsonBinding();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddOpenApi();
        services.AddPortalSecurity(configuration);

        services.AddScoped<CurrentUser>();
        services.AddCascadingAuthenticationState();

        services.AddScoped<Features.Account.SignInAudit>();
        services.AddScoped<TenantOnboarding>();

        services.AddFacilities();
        services.AddLeases(configuration);
        services.AddPlans();
        services.AddStandards();
        services.AddSubsidies();
        services.AddStaff(configuration);
        services.AddSubmissions(configuration);
        services.AddGrants();
        services.AddBillingFeature(configuration);
        services.AddTenantArchives();
        services.AddHome();
        services.AddNotifications(configuration);
        services.AddDemoData(configuration);
        services.AddOperations(configuration);
        services.AddPlainTextValidation();
        return services;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        // Localization first, so that error pages and problem details speak the caller's language too.
        app.UseRequestLocalization();
        app.UseUserPreferences();
        app.UseExceptionHandler();
        // Pages get the not-found page; the API gets problem+json for any bare status code.
        app.UseWhen(http => !http.Request.Path.StartsWithSegments("/api"),
            pages => pages.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages());
        // Routing after the status-code pages, so that their re-execution of /not-found finds its endpoint;
        // tenant resolution after authentication, so that it can check the caller's membership.
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseTenantRouting();
        app.UseBillingEntitlements();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseUtf8JsonBodies();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapOperations();
        app.MapOpenApi();
        app.MapScalarApiReference("/api/docs", o => o.WithTitle("Hidamari API"));
        app.MapCultureSwitch();
        app.MapFiscalYearPreference();

        app.MapConnectEndpoints();
        app.MapAccountEndpoints();
        app.MapOperatorApi();
        app.MapStripeWebhook();
        app.MapTenantArchivesApi();

        var tenantApi = app.MapGroup("/api/t/{tenant}").RequireAuthorization();
        tenantApi.MapAdminApi();
        tenantApi.MapFacilitiesApi();
        tenantApi.MapLeasesApi();
        tenantApi.MapPlansApi();
        tenantApi.MapStandardsApi();
        tenantApi.MapSubsidiesApi();
        tenantApi.MapSubmissionsApi();
        tenantApi.MapGrantsApi();
        tenantApi.MapHomeApi();
        tenantApi.MapNotificationsApi();

        // Platform operator endpoints (shared reference data); the operator policy goes on this group.
        var operatorApi = app.MapGroup("/api/operator").RequireAuthorization(IdentityConfiguration.OperatorPolicy);
        operatorApi.MapRateTablesApi();
        tenantApi.MapStaffApi();
        app.MapStaffDownloads();
        tenantApi.MapBillingApi();

        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// Sets the language cookie and returns to the page: Japanese by default, English on request.
    private static void MapCultureSwitch(this WebApplication app) =>
        app.MapGet("/culture/{culture}", async (string culture, string? returnUrl, HttpContext http, UserPreferences preferences) =>
        {
            var chosen = Cultures.FirstOrDefault(c => c.Name == culture) ?? Cultures[0];
            // A signed-in person's choice is kept with the person (UserPreferences), so the next sign-in anywhere restores it.
            var language = chosen.TwoLetterISOLanguageName;
            var stored = TenantAccess.UserId(http.User) is { } userId ? await preferences.SetAsync(userId, language, null) : null;
            UserPreferences.WriteCookies(http.Response, stored ?? new DisplayPreferences(language, JapaneseDates.PreferredStyle));
            var target = returnUrl is { } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/";
            return Results.LocalRedirect(target);
        }).ExcludeFromDescription();
}
