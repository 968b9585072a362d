using System.Net;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Home;

/// <summary>A link into a tenant's page, opened before signing in, leads to the sign-in form and from there back to
/// the same page and query; a return address off the site is never followed.</summary>
[Trait("Category", "Facilities")]
public sealed class DeepLinkTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deep_link_survives_sign_in_with_its_query()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("deep"));
        var email = Identities.EmailFor(tenant, "manager");
        await portal.EnsureUserAsync(email, (tenant, "manager"));
        var client = portal.NewClient(cookies: true);
        var link = $"/t/{tenant.Id}/leases/calendar?days=30";

        var first = await client.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var login = first.Headers.Location!.OriginalString;
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(link), login);

        var signedIn = await Identities.PostFormAsync(client, login, "login",
            new() { ["Input.Email"] = email, ["Input.Password"] = Identities.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(link, OnThisSite(signedIn.Headers.Location!));

        var page = await client.GetAsync(link, Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("lease-calendar-page", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/t/x")]
    [InlineData("//evil.example/t/x")]
    public async Task A_return_address_off_the_site_lands_on_the_home_page(string returnUrl)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("deep"));
        var email = Identities.EmailFor(tenant, "manager");
        await portal.EnsureUserAsync(email, (tenant, "manager"));
        var client = portal.NewClient(cookies: true);
        var signedIn = await Identities.PostFormAsync(client, "/account/login?returnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new() { ["Input.Email"] = email, ["Input.Password"] = Identities.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", OnThisSite(signedIn.Headers.Location!));
    }

    [Fact]
    public async Task The_fiscal_year_choice_is_kept_in_a_cookie_and_returns_to_the_page()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fy"));
        var client = await portal.SignedInCookieClientAsync(await EmailAsync(tenant));
        var chosen = await client.GetAsync($"/preferences/fiscal-year/2024?returnUrl={Uri.EscapeDataString($"/t/{tenant.Id}")}", Ct);
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal($"/t/{tenant.Id}", chosen.Headers.Location!.OriginalString);
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hidamari.fy=2024", StringComparison.Ordinal));

        var home = await client.GetStringAsync($"/t/{tenant.Id}", Ct);
        Assert.Contains("data-fiscal-year=\"2024\"", home, StringComparison.Ordinal);
        // An off-site return address is not followed.
        var away = await client.GetAsync("/preferences/fiscal-year/2023?returnUrl=https%3A%2F%2Fevil.example", Ct);
        Assert.Equal("/", away.Headers.Location!.OriginalString);
    }

    /// The path and query of a redirect, which must stay on this portal (the sign-in form answers with an absolute address).
    private string OnThisSite(Uri location)
    {
        if (!location.IsAbsoluteUri) return location.OriginalString;
        Assert.Equal(portal.ServerAddress.Authority, location.Authority);
        return location.PathAndQuery;
    }

    private async Task<string> EmailAsync(Hidamari.Tenancy.TenantInfo tenant)
    {
        var email = Identities.EmailFor(tenant, "manager");
        await portal.EnsureUserAsync(email, (tenant, "manager"));
        return email;
    }
}
