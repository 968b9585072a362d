using System.Net;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Identity;

/// The portal with the sign-in cookie checked against the security stamp on every request (the portal checks every
/// minute), so that a change of stamp shows at once.
public sealed class StampCheckedEveryRequestPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }
}

[Trait("Category", "Foundation")]
public sealed class SecurityStampTests(StampCheckedEveryRequestPortalFactory portal) : IClassFixture<StampCheckedEveryRequestPortalFactory>
{
    /// Opening the two-factor page creates the authenticator key, which changes the security stamp: the person's own
    /// session must stay signed in (it was signed out within a minute), while an older session elsewhere is not kept.
    [Fact]
    public async Task Opening_the_two_factor_page_keeps_this_session_signed_in()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("stamp"));
        var user = await portal.EnsureUserAsync($"stamp.{tenant.Id}@test.example", (tenant, Roles.Manager));
        using var elsewhere = await portal.SignedInCookieClientAsync(user.Email!);
        using var browser = await portal.SignedInCookieClientAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{tenant.Id}")).StatusCode);

        Assert.Contains("two-factor-key", await browser.GetStringAsync("/account/two-factor"));

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{tenant.Id}")).StatusCode);
        Assert.Contains("two-factor-key", await browser.GetStringAsync("/account/two-factor"));
        Assert.Equal(HttpStatusCode.Redirect, (await elsewhere.GetAsync($"/t/{tenant.Id}")).StatusCode);
    }
}
