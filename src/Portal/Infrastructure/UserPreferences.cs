using System.Globalization;
using System.Security.Claims;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Hidamari.Portal.Infrastructure;

/// A person's language ("ja" or "en") and date style; null date style = by language.
public sealed record DisplayPreferences(string Language, DateStyle? Dates)
{
    public static readonly DisplayPreferences Default = new("ja", null);

    public CultureInfo Culture => Language == "en" ? PortalComposition.Cultures[1] : PortalComposition.Cultures[0];
}

/// <summary>
/// Language and date style per person, kept as claims of the user in the shared identity database (so they follow the
/// person to every browser and survive sign-out), and mirrored into two cookies that every request reads: the
/// standard culture cookie and <see cref="DatesCookie"/>. Sign-in copies the stored choice into the cookies.
/// </summary>
public sealed class UserPreferences(UserManager<PortalUser> users)
{
    public const string LanguageClaim = "hidamari_language";
    public const string DatesClaim = "hidamari_dates";
    public const string DatesCookie = "hidamari.dates";

    public async Task<DisplayPreferences> GetAsync(string userId)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return DisplayPreferences.Default;
        return FromClaims(await users.GetClaimsAsync(user));
    }

    public static DisplayPreferences FromClaims(IEnumerable<Claim> claims)
    {
        var list = claims.ToList();
        var language = list.FirstOrDefault(c => c.Type == LanguageClaim)?.Value == "en" ? "en" : "ja";
        DateStyle? dates = Enum.TryParse<DateStyle>(list.FirstOrDefault(c => c.Type == DatesClaim)?.Value, out var d) ? d : null;
        return new DisplayPreferences(language, dates);
    }

    /// Stores the choice (only what is given changes) and returns the result.
    public async Task<DisplayPreferences?> SetAsync(string userId, string? language, DateStyle? dates, bool clearDates = false)
    {
        if (await users.FindByIdAsync(userId) is not { } user) return null;
        var claims = await users.GetClaimsAsync(user);
        if (language is not null) await ReplaceAsync(user, claims, LanguageClaim, language == "en" ? "en" : "ja");
        if (dates is not null) await ReplaceAsync(user, claims, DatesClaim, dates.Value.ToString());
        else if (clearDates) await users.RemoveClaimsAsync(user, claims.Where(c => c.Type == DatesClaim));
        return FromClaims(await users.GetClaimsAsync(user));
    }

    private async Task ReplaceAsync(PortalUser user, IList<Claim> claims, string type, string value)
    {
        var existing = claims.Where(c => c.Type == type).ToList();
        if (existing.Count == 1 && existing[0].Value == value) return;
        if (existing.Count > 0) await users.RemoveClaimsAsync(user, existing);
        await users.AddClaimAsync(user, new Claim(type, value));
    }

    /// Writes the choice into this browser's cookies.
    public static void WriteCookies(HttpResponse response, DisplayPreferences preferences)
    {
        var options = new CookieOptions { MaxAge = TimeSpan.FromDays(365), HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true };
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(preferences.Culture)), options);
        if (preferences.Dates is { } dates) response.Cookies.Append(DatesCookie, dates.ToString(), options);
        else response.Cookies.Delete(DatesCookie);
    }
}

public static class UserPreferencesConfiguration
{
    public static IServiceCollection AddUserPreferences(this IServiceCollection services)
    {
        services.AddScoped<UserPreferences>();
        // On every sign-in (password, two-factor, invitation) the stored choice becomes this browser's.
        services.PostConfigure<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme, o =>
        {
            var prior = o.Events.OnSignedIn;
            o.Events.OnSignedIn = async context =>
            {
                await prior(context);
                if (context.Principal is { } principal && principal.HasClaim(c => c.Type is UserPreferences.LanguageClaim or UserPreferences.DatesClaim))
                    UserPreferences.WriteCookies(context.Response, UserPreferences.FromClaims(principal.Claims));
            };
        });
        return services;
    }

    /// After request localization: the date style of this request (and of the circuit it may start).
    public static WebApplication UseUserPreferences(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            JapaneseDates.PreferredStyle = Enum.TryParse<DateStyle>(context.Request.Cookies[UserPreferences.DatesCookie], out var style) ? style : null;
            return next(context);
        });
        return app;
    }
}
