using System.Net;
using System.Text;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Isolation;

/// <summary>
/// Attacks on tenant isolation through identity: other tenants' routes with valid sessions and tokens, forged and
/// tampered tokens, revoked tokens and clients, removed memberships, role escalation, municipalities reading
/// corporations, and tenant selection by anything but the route. Every attempt must fail and leave no trace.
/// </summary>
[Trait("Category", "Isolation")]
public sealed class IdentityAttackTests(PortalFactory portal) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private TenantInfo _a = default!;
    private TenantInfo _b = default!;
    private TenantInfo _ward = default!;
    private static readonly object AFacility = new { kind = "ChildrensHome", name = "攻撃", address = "x", mainCapacity = 10, effectiveOn = "2021-04-01" };

    public async ValueTask InitializeAsync()
    {
        _a = await portal.CreateTenantAsync(PortalFactory.NewTenantId("atk-a"));
        _b = await portal.CreateTenantAsync(PortalFactory.NewTenantId("atk-b"));
        _ward = await portal.CreateTenantAsync(PortalFactory.NewTenantId("atk-ward"), TenantKind.Municipality);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<int> FacilityCountAsync(TenantInfo tenant) =>
        (await (await portal.ClientFor(tenant).GetAsync($"/api/t/{tenant.Id}/facilities")).ReadAsync<FacilityList>())!.Facilities.Count;

    [Fact]
    public async Task An_anonymous_api_call_gets_401_and_an_anonymous_page_goes_to_sign_in()
    {
        var api = await portal.CreateClient().GetAsync($"/api/t/{_a.Id}/facilities");
        var page = await portal.CreateClient(new() { AllowAutoRedirect = false }).GetAsync($"/t/{_a.Id}/facilities");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/account/login?returnUrl=%2Ft%2F{_a.Id}%2Ffacilities", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_signed_in_session_of_one_tenant_gets_404_on_another_tenants_pages()
    {
        var email = Identities.EmailFor(_a, Roles.Manager);
        await portal.EnsureUserAsync(email, (_a, Roles.Manager));
        using var browser = await portal.SignedInCookieClientAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/t/{_b.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/t/{_b.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/t/{_b.Id}/members")).StatusCode);
    }

    [Fact]
    public async Task A_session_cookie_is_not_accepted_by_the_api()
    {
        var email = Identities.EmailFor(_a, Roles.Manager);
        await portal.EnsureUserAsync(email, (_a, Roles.Manager));
        using var browser = await portal.SignedInCookieClientAsync(email);

        // The API writes with bearer tokens only, so a cross-site form riding on the cookie cannot write.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostJsonAsync($"/api/t/{_a.Id}/facilities", AFacility)).StatusCode);
        Assert.Equal(0, await FacilityCountAsync(_a));
    }

    [Fact]
    public async Task A_token_of_tenant_a_is_refused_on_tenant_b()
    {
        var tokenA = (await portal.TokensForAsync(_a, Roles.Manager)).AccessToken;
        var api = portal.BearerClient(tokenA);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/t/{_b.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PostJsonAsync($"/api/t/{_b.Id}/facilities", AFacility)).StatusCode);
        Assert.Equal(0, await FacilityCountAsync(_b));
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var token = (await portal.TokensForAsync(_a, Roles.Manager)).AccessToken;
        var parts = token.Split('.');
        var middle = parts[3].ToCharArray();
        middle[middle.Length / 2] = middle[middle.Length / 2] == 'A' ? 'B' : 'A';
        parts[3] = new string(middle);

        var response = await portal.BearerClient(string.Join('.', parts)).GetAsync($"/api/t/{_a.Id}/facilities");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_claiming_another_tenant_is_refused()
    {
        static string B64(string json) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(json));
        var forged = $"{B64("""{"alg":"none","typ":"at+jwt"}""")}.{B64($$"""{"sub":"intruder","hidamari_tenant":"{{_b.Id}}","scope":"hidamari_api","exp":4102444800}""")}.";

        var response = await portal.BearerClient(forged).GetAsync($"/api/t/{_b.Id}/facilities");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_once()
    {
        var tokens = await portal.TokensForAsync(_a, Roles.Finance);
        var api = portal.BearerClient(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);

        var revoke = await portal.CreateClient().PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = tokens.AccessToken,
            ["client_id"] = IdentityConfiguration.PublicClientId,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_a_replayed_one_is_refused()
    {
        var tokens = await portal.TokensForAsync(_a, Roles.Manager);
        Assert.NotNull(tokens.RefreshToken);
        async Task<HttpResponseMessage> RefreshAsync(string refresh) =>
            await portal.CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refresh,
                ["client_id"] = IdentityConfiguration.PublicClientId,
            }));

        var rotated = await Identities.ReadTokensAsync(await RefreshAsync(tokens.RefreshToken!));
        Assert.NotEqual(tokens.RefreshToken, rotated.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, (await portal.BearerClient(rotated.AccessToken).GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);

        var replay = await RefreshAsync(tokens.RefreshToken!);

        // A replayed refresh token means it leaked: refused, and the whole chain issued from it is revoked.
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.BearerClient(rotated.AccessToken).GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefreshAsync(rotated.RefreshToken!)).StatusCode);
    }

    [Fact]
    public async Task An_authorization_code_request_without_pkce_is_refused()
    {
        var email = Identities.EmailFor(_a, Roles.Manager);
        await portal.EnsureUserAsync(email, (_a, Roles.Manager));
        using var browser = await portal.SignedInCookieClientAsync(email);

        var response = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = IdentityConfiguration.PublicClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = Identities.RedirectUri,
            ["scope"] = "hidamari_api",
        }));

        // No code is issued: the error goes back to the client's redirect URI (or straight to the caller).
        var answer = response.Headers.Location?.ToString() ?? await response.Content.ReadAsStringAsync();
        Assert.Contains("invalid_request", answer);
        Assert.DoesNotContain("code=", answer);
    }

    [Fact]
    public async Task A_removed_membership_stops_working_on_the_next_request()
    {
        var viewer = await portal.EnsureUserAsync($"leaver.{_a.Id}@test.example", (_a, Roles.StaffViewer));
        using var cookie = await portal.SignedInCookieClientAsync(viewer.Email!);
        var api = portal.BearerClient((await Identities.AuthorizationCodeTokensAsync(cookie)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);

        var removed = await portal.ClientFor(_a, Roles.Manager).DeleteAsync($"/api/t/{_a.Id}/members/{viewer.Id}");
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await cookie.GetAsync($"/t/{_a.Id}/facilities")).StatusCode);
    }

    [Fact]
    public async Task A_staff_viewer_cannot_write()
    {
        var response = await portal.ClientFor(_a, Roles.StaffViewer).PostJsonAsync($"/api/t/{_a.Id}/facilities", AFacility);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await FacilityCountAsync(_a));
    }

    [Theory]
    [InlineData("staff-viewer")]
    [InlineData("finance")]
    public async Task Only_a_manager_manages_people_and_api_clients(string role)
    {
        var client = portal.ClientFor(_a, role);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/t/{_a.Id}/members")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/t/{_a.Id}/members/invitations", new { email = "x@test.example", role = "manager" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync($"/api/t/{_a.Id}/api-clients", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/t/{_a.Id}/audit")).StatusCode);
        var self = await portal.EnsureUserAsync(Identities.EmailFor(_a, role));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync($"/api/t/{_a.Id}/members/{self.Id}",
            System.Net.Http.Json.JsonContent.Create(new { roles = new[] { "manager" } }))).StatusCode);
        Assert.Equal([role], await RolesOfAsync(self.Id, _a.Id));
    }

    [Fact]
    public async Task A_manager_cannot_change_people_of_another_tenant_through_their_own_route()
    {
        var memberOfB = await portal.EnsureUserAsync($"someone.{_b.Id}@test.example", (_b, Roles.Finance));

        var response = await portal.ClientFor(_a, Roles.Manager).PutAsync($"/api/t/{_a.Id}/members/{memberOfB.Id}",
            System.Net.Http.Json.JsonContent.Create(new { roles = new[] { "manager" } }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await RolesOfAsync(memberOfB.Id, _a.Id));
        Assert.Equal([Roles.Finance], await RolesOfAsync(memberOfB.Id, _b.Id));
    }

    [Fact]
    public async Task A_municipality_cannot_read_a_corporations_store()
    {
        var reviewer = portal.ClientFor(_ward, Roles.Reviewer);
        var approver = portal.ClientFor(_ward, Roles.Approver);

        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await approver.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await approver.PostJsonAsync($"/api/t/{_a.Id}/facilities", AFacility)).StatusCode);
    }

    [Fact]
    public async Task The_operator_manages_tenants_but_cannot_read_their_contents()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await portal.EnsureUserAsync($"operator.{_a.Id}@test.example");
        var op = (await users.FindByEmailAsync($"operator.{_a.Id}@test.example"))!;
        op.IsOperator = true;
        await users.UpdateAsync(op);
        using var cookie = await portal.SignedInCookieClientAsync(op.Email!);
        var api = portal.BearerClient((await Identities.AuthorizationCodeTokensAsync(cookie)).AccessToken);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/operator/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(_a, Roles.Manager).GetAsync("/api/operator/tenants")).StatusCode);
    }

    [Fact]
    public async Task An_api_client_reads_only_its_own_tenant_and_stops_when_revoked()
    {
        var manager = portal.ClientFor(_a, Roles.Manager);
        var registered = await (await manager.PostJsonAsync($"/api/t/{_a.Id}/api-clients", new { name = "会計ソフト" })).ReadAsync<NewApiClient>();
        var token = (await Identities.ReadTokensAsync(await portal.ClientCredentialsAsync(registered!.ClientId, registered.ClientSecret))).AccessToken;
        var machine = portal.BearerClient(token);

        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await machine.GetAsync($"/api/t/{_b.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync($"/api/t/{_a.Id}/members")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"/api/t/{_a.Id}/api-clients/{registered.ClientId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.GetAsync($"/api/t/{_a.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.ClientCredentialsAsync(registered.ClientId, registered.ClientSecret)).StatusCode);
    }

    [Fact]
    public async Task A_manager_cannot_revoke_another_tenants_api_client()
    {
        var registered = await (await portal.ClientFor(_b, Roles.Manager).PostJsonAsync($"/api/t/{_b.Id}/api-clients", new { name = "B" })).ReadAsync<NewApiClient>();

        var response = await portal.ClientFor(_a, Roles.Manager).DeleteAsync($"/api/t/{_a.Id}/api-clients/{registered!.ClientId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await portal.ClientCredentialsAsync(registered.ClientId, registered.ClientSecret)).StatusCode);
    }

    [Fact]
    public async Task Client_credentials_with_a_wrong_secret_get_no_token()
    {
        var registered = await (await portal.ClientFor(_a, Roles.Manager).PostJsonAsync($"/api/t/{_a.Id}/api-clients", new { name = "x" })).ReadAsync<NewApiClient>();

        var response = await portal.ClientCredentialsAsync(registered!.ClientId, registered.ClientSecret + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account()
    {
        var user = await portal.EnsureUserAsync($"lock.{_a.Id}@test.example", (_a, Roles.Finance));
        var client = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        for (var i = 0; i < 5; i++) await Identities.PostLoginAsync(client, user.Email!, "wrong-password-0");

        var withRightPassword = await Identities.PostLoginAsync(client, user.Email!, Identities.Password);

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("data-testid=\"login-error\"", await withRightPassword.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/t/{_a.Id}/facilities")).StatusCode);
    }

    private async Task<IReadOnlyList<string>> RolesOfAsync(string userId, string tenantId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Memberships>().RolesAsync(userId, tenantId);
    }
}

/// Access tokens that live four seconds, to show that an expired token is refused.
[Trait("Category", "Isolation")]
public sealed class ExpiredTokenTests(ShortTokenPortalFactory portal) : IClassFixture<ShortTokenPortalFactory>
{
    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("exp"));
        var api = portal.BearerClient((await portal.TokensForAsync(tenant, Roles.Manager)).AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/t/{tenant.Id}/facilities")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync($"/api/t/{tenant.Id}/facilities")).StatusCode);
    }
}

public sealed class ShortTokenPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hidamari:Identity:AccessTokenLifetime", "00:00:04");
    }
}

/// Download links on pages (exports, documents) are plain GETs that carry the sign-in cookie.
[Trait("Category", "Isolation")]
public sealed class CookieDownloadTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_signed_in_browser_may_read_but_never_write_through_the_api_and_only_its_own_tenant()
    {
        var mine = await portal.CreateTenantAsync(PortalFactory.NewTenantId("dl-a"));
        var other = await portal.CreateTenantAsync(PortalFactory.NewTenantId("dl-b"));
        var email = Identities.EmailFor(mine, Roles.Manager);
        await portal.EnsureUserAsync(email, (mine, Roles.Manager));
        using var browser = await portal.SignedInCookieClientAsync(email);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/api/t/{mine.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/api/t/{other.Id}/facilities")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostJsonAsync($"/api/t/{mine.Id}/facilities",
            new { kind = "ChildrensHome", name = "x", address = "x", mainCapacity = 1, effectiveOn = "2021-04-01" })).StatusCode);
    }
}
