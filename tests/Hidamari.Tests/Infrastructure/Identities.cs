using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Infrastructure;

/// <summary>
/// People and tokens for tests, obtained the way real clients get them: a user with a membership signs in through the
/// sign-in form, then the public client runs the authorization code flow with PKCE and exchanges the code for tokens.
/// </summary>
public static partial class Identities
{
    public const string Password = "test-password-2021";
    public const string RedirectUri = "http://localhost/callback";

    public static string EmailFor(TenantInfo tenant, string role) => $"{role}.{tenant.Id}@test.example";

    /// Creates (or finds) a person and gives them the roles.
    public static async Task<PortalUser> EnsureUserAsync(this PortalFactory portal, string email, params (TenantInfo Tenant, string Role)[] memberships)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email };
            var created = await users.CreateAsync(user, Password);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var access = scope.ServiceProvider.GetRequiredService<Memberships>();
        foreach (var group in memberships.GroupBy(m => m.Tenant.Id))
        {
            var roles = (await access.RolesAsync(user.Id, group.Key)).Concat(group.Select(m => m.Role)).Distinct().ToList();
            await access.SetRolesAsync(group.First().Tenant, user.Id, roles, "test");
        }
        return user;
    }

    /// An HTTP client with the portal's cookie after signing in through the form (no redirects followed).
    public static async Task<HttpClient> SignedInCookieClientAsync(this PortalFactory portal, string email, string password = Password)
    {
        var client = portal.NewClient(cookies: true);
        var response = await PostLoginAsync(client, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} " +
                string.Join(" ", LoginError().Matches(await response.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value)));
        return client;
    }

    /// Posts the sign-in form as a browser would (antiforgery token included).
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    public sealed record Tokens(string AccessToken, string? RefreshToken);

    /// Authorization code + PKCE through the public client for a signed-in cookie client.
    public static async Task<Tokens> AuthorizationCodeTokensAsync(HttpClient cookieClient, string scope = "hidamari_api offline_access")
    {
        var verifier = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var challenge = WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var authorize = await cookieClient.GetAsync(QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = IdentityConfiguration.PublicClientId,
            ["response_type"] = "code",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "s",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        }));
        var location = authorize.Headers.Location ?? throw new InvalidOperationException($"authorize answered {(int)authorize.StatusCode}");
        var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
        if (string.IsNullOrEmpty(code)) throw new InvalidOperationException($"no code in {location}");

        var token = await cookieClient.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = IdentityConfiguration.PublicClientId,
            ["code_verifier"] = verifier,
        }));
        return await ReadTokensAsync(token);
    }

    public static async Task<Tokens> ReadTokensAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token endpoint {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        return new Tokens(json.RootElement.GetProperty("access_token").GetString()!,
            json.RootElement.TryGetProperty("refresh_token", out var refresh) ? refresh.GetString() : null);
    }

    /// Tokens of a person with the role in the tenant (created on demand).
    public static async Task<Tokens> TokensForAsync(this PortalFactory portal, TenantInfo tenant, string role)
    {
        var email = EmailFor(tenant, role);
        await portal.EnsureUserAsync(email, (tenant, role));
        using var cookie = await portal.SignedInCookieClientAsync(email);
        return await AuthorizationCodeTokensAsync(cookie);
    }

    /// A client of the API with this bearer token.
    public static HttpClient BearerClient(this PortalFactory portal, string accessToken)
    {
        var client = portal.NewClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// Client credentials of a machine client.
    public static async Task<HttpResponseMessage> ClientCredentialsAsync(this PortalFactory portal, string clientId, string secret) =>
        await portal.NewClient().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = "hidamari_api",
        }));

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

/// Signs in on first use and sends the access token with every request: what <see cref="PortalFactory.ClientFor"/> returns.
internal sealed class SignInOnFirstUseHandler(PortalFactory portal, TenantInfo tenant, string role) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_token is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try { _token ??= (await portal.TokensForAsync(tenant, role)).AccessToken; }
            finally { _gate.Release(); }
        }
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return await base.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gate.Dispose();
        base.Dispose(disposing);
    }
}
