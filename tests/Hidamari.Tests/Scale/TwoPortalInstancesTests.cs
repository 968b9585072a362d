using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Scale;

/// <summary>
/// Two more portal processes (the built Hidamari.Portal.dll on two ports) against the fixture's shared database, as
/// two pods behind a load balancer would run: sessions and tokens from one are valid on the other, a tenant created
/// on one instance is served by the others at once, and both answer the health probes.
/// </summary>
[Trait("Category", "Scale")]
public sealed class TwoPortalInstancesTests(PortalFactory portal) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly List<Process> _processes = [];

    // The token keys every instance shares (in production: the Secret); Data Protection keys are in PostgreSQL.
    private static readonly string SigningKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();
    private static readonly string EncryptionKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();

    private Uri _a = default!;
    private Uri _b = default!;

    public async ValueTask InitializeAsync()
    {
        _a = await StartInstanceAsync();
        _b = await StartInstanceAsync();
    }

    public ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Both_instances_are_live_and_ready()
    {
        using var http = new HttpClient();
        foreach (var instance in new[] { _a, _b })
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(instance, "/healthz"), Ct)).StatusCode);
            var ready = await http.GetAsync(new Uri(instance, "/readyz"), Ct);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task A_session_cookie_and_a_token_from_one_instance_work_on_the_other_and_a_new_tenant_is_served_by_both_at_once()
    {
        // Created through the fixture's portal instance (a third process sharing the database).
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("two"));
        var email = Identities.EmailFor(tenant, "manager");
        await portal.EnsureUserAsync(email, (tenant, "manager"));

        // Sign in on A through the form; the cookie container sends the same cookie to B (same host, other port).
        var cookies = new CookieContainer();
        using var onA = Client(_a, cookies);
        using var onB = Client(_b, cookies);
        var login = await Identities.PostLoginAsync(onA, email, Identities.Password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.NotEmpty(cookies.GetCookies(_b));

        // B reads A's authentication cookie (same Data Protection key ring) and serves the tenant page.
        var page = await onB.GetAsync($"/t/{tenant.Id}/facilities", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using var anonymous = Client(_b, new CookieContainer());
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/t/{tenant.Id}/facilities", Ct)).StatusCode);

        // A bearer token issued by B (authorization code + PKCE with B's session) writes through A and reads through B.
        var tokens = await Identities.AuthorizationCodeTokensAsync(onB);
        using var apiA = Client(_a, new CookieContainer());
        apiA.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        using var apiB = Client(_b, new CookieContainer());
        apiB.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var created = await apiA.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "二拠点学園", address = "東京都世田谷区", mainCapacity = 28, effectiveOn = "2021-04-01" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await (await apiB.GetAsync($"/api/t/{tenant.Id}/facilities", Ct)).ReadAsync<FacilityList>();
        Assert.Equal(28, list!.Totals.TotalCapacity);

        // A tenant created now on the fixture instance is served by A and B at once (no cache of unknown ids).
        var fresh = await portal.CreateTenantAsync(PortalFactory.NewTenantId("fresh"));
        var freshEmail = Identities.EmailFor(fresh, "manager");
        await portal.EnsureUserAsync(freshEmail, (fresh, "manager"));
        var freshCookies = new CookieContainer();
        using var freshA = Client(_a, freshCookies);
        using var freshB = Client(_b, freshCookies);
        Assert.Equal(HttpStatusCode.Redirect, (await Identities.PostLoginAsync(freshB, freshEmail, Identities.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await freshA.GetAsync($"/t/{fresh.Id}/facilities", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await freshB.GetAsync($"/t/{fresh.Id}/facilities", Ct)).StatusCode);
    }

    /// A client of one instance, sending the public host name a load balancer would pass on (the token issuer is
    /// derived from it, so it must be the same on every instance, as it is behind one Ingress).
    private static HttpClient Client(Uri baseAddress, CookieContainer cookies)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Host = "portal.hidamari.test";
        return client;
    }

    private async Task<Uri> StartInstanceAsync()
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var start = OperatorProcess.StartInfo(portal, new Dictionary<string, string>
        {
            ["Hidamari__Identity__SigningKeyPem"] = SigningKey,
            ["Hidamari__Identity__EncryptionKeyPem"] = EncryptionKey,
            ["Hidamari__DemoData__Enabled"] = "false",
            ["Hidamari__Security__AuthenticationPermitLimit"] = "100000",
            ["Hidamari__Mail__PickupDirectory"] = portal.MailDirectory,
        }, "--urls", address.ToString());
        var process = Process.Start(start)!;
        _processes.Add(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"portal instance on {address} exited with {process.ExitCode}");
            try
            {
                if ((await http.GetAsync(new Uri(address, "/readyz"), Ct)).IsSuccessStatusCode) return address;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250, Ct);
        }
        throw new TimeoutException($"portal instance on {address} did not become ready");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
