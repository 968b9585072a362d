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
    public static Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password) =>
        PostFormAsync(client, "/account/login", "login", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    /// Loads a server-rendered form page and posts the named form with its antiforgery token, as a browser would.
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string url, string formName, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(url);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        fields["_handler"] = formName;
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// The newest e-mail the development sink received for an address, as text.
    public static async Task<string> LastMailToAsync(this PortalFactory portal, string address)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (Directory.Exists(portal.MailDirectory))
            {
                foreach (var file in new DirectoryInfo(portal.MailDirectory).GetFiles("*.eml").OrderByDescending(f => f.LastWriteTimeUtc))
                {
                    var text = await File.ReadAllTextAsync(file.FullName);
                    if (text.Contains($"To: {address}", StringComparison.OrdinalIgnoreCase)) return DecodeBody(text);
                }
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"no mail to {address}");
    }

    /// The first link in a mail that starts with the path.
    public static string LinkIn(string mail, string path) =>
        Regex.Match(mail, $@"https?://[^\s]+{Regex.Escape(path)}[^\s]*").Value;

    private static string DecodeBody(string eml)
    {
        // System.Net.Mail writes a UTF-8 body as base64 or quoted-printable; links survive either way once decoded.
        var parts = eml.Split("\r\n\r\n", 2);
        var body = parts.Length == 2 ? parts[1] : eml;
        if (eml.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase))
            return Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim()))));
        if (eml.Contains("Content-Transfer-Encoding: quoted-printable", StringComparison.OrdinalIgnoreCase))
        {
            var joined = body.Replace("=\r\n", "", StringComparison.Ordinal);
            var bytes = new List<byte>();
            for (var i = 0; i < joined.Length; i++)
            {
                if (joined[i] == '=' && i + 2 < joined.Length && Uri.IsHexDigit(joined[i + 1]) && Uri.IsHexDigit(joined[i + 2]))
                {
                    bytes.Add(Convert.ToByte(joined.Substring(i + 1, 2), 16));
                    i += 2;
                }
                else bytes.AddRange(Encoding.UTF8.GetBytes(joined[i].ToString()));
            }
            return Encoding.UTF8.GetString(bytes.ToArray());
        }
        return body;
    }

    /// RFC 6238 time-based one-time password (6 digits, 30 s, HMAC-SHA1) for a base32 authenticator key.
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian) Array.Reverse(message);
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var code = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (code % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.ToUpperInvariant().Where(c => c != '=' && c != ' '))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)((value >> (bits - 8)) & 0xff));
                bits -= 8;
            }
        }
        return output.ToArray();
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

    /// <summary>An API client acting as a platform operator (created on demand): for /api/operator/… endpoints.</summary>
    public static HttpClient OperatorClient(this PortalFactory portal) =>
        portal.NewClient(handlers: new SignInOnFirstUseHandler(() => Identities.OperatorTokenAsync(portal)));

    internal static async Task<string> OperatorTokenAsync(PortalFactory portal)
    {
        var email = $"operator.{portal.RunId}@test.example";
        await portal.EnsureUserAsync(email);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(email))!;
            if (!user.IsOperator)
            {
                user.IsOperator = true;
                await users.UpdateAsync(user);
            }
        }
        using var cookie = await portal.SignedInCookieClientAsync(email);
        return (await AuthorizationCodeTokensAsync(cookie)).AccessToken;
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

/// <summary>
/// Gets an access token on first use (signing someone in) and sends it with every request: what
/// <see cref="PortalFactory.ClientFor"/> and the operator's client return.
/// </summary>
internal sealed class SignInOnFirstUseHandler(Func<Task<string>> signIn) : DelegatingHandler
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_token is null)
        {
            await _gate.WaitAsync(cancellationToken);
            try { _token ??= await signIn(); }
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
