using System.Net;
using System.Net.Http.Json;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Foundation;

/// Language and date style belong to the person: chosen once, they come back with every sign-in, on any browser.
[Trait("Category", "Foundation")]
public sealed class LanguagePreferenceTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static IReadOnlyList<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? [.. values] : [];

    [Fact]
    public async Task The_language_chosen_with_the_switch_is_restored_at_the_next_sign_in_and_japanese_is_the_default()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("lang"));
        var email = $"lang.{tenant.Id}@test.example";
        await portal.EnsureUserAsync(email, (tenant, "manager"));

        // Nothing chosen yet: Japanese pages, and signing in sets no language.
        var fresh = portal.NewClient(cookies: true);
        Assert.Contains("<html lang=\"ja\"", await fresh.GetStringAsync("/account/login", Ct), StringComparison.Ordinal);
        var first = await Identities.PostLoginAsync(fresh, email, Identities.Password);
        Assert.DoesNotContain(SetCookies(first), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));

        // The person switches to English in one browser…
        Assert.Equal(HttpStatusCode.Redirect, (await fresh.GetAsync("/culture/ja-JP?returnUrl=/", Ct)).StatusCode);
        var switched = await fresh.GetAsync("/culture/en?returnUrl=/", Ct);
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        var same = await fresh.GetAsync($"/t/{tenant.Id}/notifications", Ct);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Contains("<html lang=\"en\"", await same.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // …and signs in on another: English from the first page on.
        var other = portal.NewClient(cookies: true);
        var second = await Identities.PostLoginAsync(other, email, Identities.Password);
        Assert.Contains(SetCookies(second), c => c.StartsWith(".AspNetCore.Culture=c%3Den%7Cuic%3Den", StringComparison.Ordinal));
        Assert.Contains("<html lang=\"en\"", await other.GetStringAsync($"/t/{tenant.Id}/notifications", Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_date_style_chosen_through_the_api_is_used_after_the_next_sign_in()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("dates"));
        var email = Identities.EmailFor(tenant, "staff-viewer");
        var api = portal.ClientFor(tenant, "staff-viewer");
        var put = await api.PutAsJsonAsync($"/api/t/{tenant.Id}/notifications/preferences", new { dates = "Iso" }, Json.Options, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var browser = portal.NewClient(cookies: true);
        var signIn = await Identities.PostLoginAsync(browser, email, Identities.Password);
        Assert.Contains(SetCookies(signIn), c => c.StartsWith("hidamari.dates=Iso", StringComparison.Ordinal));
        // Japanese text, ISO dates: the example on the settings page is 2025-04-01, not 令和7年4月1日.
        var html = await browser.GetStringAsync($"/t/{tenant.Id}/notifications/preferences", Ct);
        Assert.Contains("<html lang=\"ja\"", html, StringComparison.Ordinal);
        Assert.Contains("2025-04-01", html, StringComparison.Ordinal);
        Assert.DoesNotContain("令和7年4月1日", html, StringComparison.Ordinal);
    }
}
