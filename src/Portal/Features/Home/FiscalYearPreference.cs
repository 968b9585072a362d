using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Home;

/// <summary>
/// The 年度 a person chose in the header's fiscal-year picker, kept in a cookie so that it follows them from page to
/// page and visit to visit. App.razor reads it on each full page load and hands it to the interactive router, which
/// cascades it; a page may still take <c>?fy=</c> from its own link. Null means "the current 年度".
/// </summary>
public sealed record FiscalYearChoice(int? Chosen)
{
    public const string CookieName = "hidamari.fy";

    /// The picker offers these years around the current one.
    public const int YearsBack = 6;
    public const int YearsAhead = 4;

    public int Resolve(DateOnly today) => Chosen ?? JapaneseDates.FiscalYearOf(today);

    public static bool IsValid(int year) => year >= Dates.Earliest.Year && year < Dates.Latest.Year;

    public static int? Read(HttpContext? http) =>
        http?.Request.Cookies[CookieName] is { } value && int.TryParse(value, System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var year) && IsValid(year) ? year : null;
}

public static class FiscalYearPreferenceEndpoint
{
    /// <summary>Sets (or with <c>current</c> clears) the chosen 年度 and goes back to the page: a plain link, so it works
    /// without a circuit too.</summary>
    public static IEndpointRouteBuilder MapFiscalYearPreference(this IEndpointRouteBuilder app)
    {
        app.MapGet("/preferences/fiscal-year/{year}", (string year, string? returnUrl, HttpContext http) =>
        {
            if (int.TryParse(year, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var y) && FiscalYearChoice.IsValid(y))
                http.Response.Cookies.Append(FiscalYearChoice.CookieName, y.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, Secure = http.Request.IsHttps });
            else
                http.Response.Cookies.Delete(FiscalYearChoice.CookieName);
            return Results.LocalRedirect(Features.Account.AccountEndpoints.SafeReturnUrl(returnUrl));
        }).ExcludeFromDescription();
        return app;
    }
}
