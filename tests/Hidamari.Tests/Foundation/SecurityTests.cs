using System.Net;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Foundation;

[Trait("Category", "Reliability")]
public sealed class SecurityHeaderTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/api/t/no-such-tenant/facilities")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await portal.NewClient().GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("cookie"));
        await portal.EnsureUserAsync(Identities.EmailFor(tenant, "manager"), (tenant, "manager"));
        var client = portal.NewClient(cookies: true);

        var response = await Identities.PostLoginAsync(client, Identities.EmailFor(tenant, "manager"), Identities.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hidamari.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }
}

[Trait("Category", "Reliability")]
public sealed class RateLimitTests(StrictRateLimitPortalFactory portal) : IClassFixture<StrictRateLimitPortalFactory>
{
    [Fact]
    public async Task Sign_in_and_token_requests_beyond_the_limit_get_429_with_a_retry_hint()
    {
        var client = portal.NewClient(cookies: true);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await Identities.PostLoginAsync(client, "nobody@test.example", "wrong-password")).StatusCode);
        var token = await portal.ClientCredentialsAsync("nobody", "nothing");

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, token.StatusCode);
        Assert.True(token.Headers.RetryAfter is not null);
        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }
}

public sealed class StrictRateLimitPortalFactory : PortalFactory
{
    protected override int AuthenticationPermitLimit => 5;
}
