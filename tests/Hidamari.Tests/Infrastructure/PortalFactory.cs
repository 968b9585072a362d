using Hidamari.Tenancy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hidamari.Tests.Infrastructure;

/// <summary>
/// The real portal on real PostgreSQL, with a shared database and tenant databases of its own (named by a
/// random run id, dropped on dispose), so test classes never see each other's data.
/// With <see cref="ListensOnPort"/> it listens on a real port for the browser.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string RunId { get; } = "ht" + Guid.NewGuid().ToString("N")[..10];

    public string DatabasePrefix => RunId + "_";

    protected virtual bool ListensOnPort => false;

    protected virtual bool DemoData => false;

    /// Sign-in attempts allowed per address and minute; tests share one address, so it is high unless a test is about it.
    protected virtual int AuthenticationPermitLimit => 100_000;

    public string ConnectionString { get; private set; } = "";

    /// Where the development mail sink writes this portal's e-mail (.eml files).
    public string MailDirectory { get; } = Path.Combine(Path.GetTempPath(), "hidamari-mail-" + Guid.NewGuid().ToString("N"));

    public Uri ServerAddress { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var server = await ServerConnectionStringAsync();
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = DatabasePrefix + "platform" }.ConnectionString;
        if (ListensOnPort) UseKestrel(0);
        StartServer();
        ServerAddress = ListensOnPort
            ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            : Server.BaseAddress;
    }

    /// The PostgreSQL server of this portal (maintenance database); the shared test server unless a fixture brings its own.
    protected virtual Task<string> ServerConnectionStringAsync() => LocalPostgres.ServerConnectionStringAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // As Development does: a singleton holding a scoped service (a captive dependency) or a registration that cannot
        // be built fails the test host at start, not only `./run.sh`.
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Hidamari", ConnectionString);
        builder.UseSetting("Hidamari:Tenancy:DatabasePrefix", DatabasePrefix + "t_");
        builder.UseSetting("Hidamari:DemoData:Enabled", DemoData ? "true" : "false");
        builder.UseSetting("Hidamari:DemoData:ExtraCorporations", "1");
        builder.UseSetting("Hidamari:DemoData:Password", "demo-password-2021");
        builder.UseSetting("Hidamari:DemoData:ApiClientSecret", "demo-client-secret");
        builder.UseSetting("Hidamari:Mail:PickupDirectory", MailDirectory);
        builder.UseSetting("Hidamari:Security:AuthenticationPermitLimit", AuthenticationPermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Warning);
            logging.AddFilter("Marten", LogLevel.Warning);
            logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        });
    }

    /// Creates a tenant through the provisioner, as the operator command does.
    public Task<TenantInfo> CreateTenantAsync(string id, TenantKind kind = TenantKind.Corporation, string? name = null) =>
        Services.GetRequiredService<TenantProvisioner>()
            .CreateAsync(new NewTenant(id, kind, name ?? $"テスト法人 {id}", "東京都世田谷区"));

    public async Task<TenantInfo> TenantAsync(string id) =>
        await Services.GetRequiredService<TenantRegistry>().FindAsync(id) ?? throw new InvalidOperationException($"no tenant {id}");

    /// <summary>A plain HTTP client of this portal (in memory, or over the real port when it listens on one).</summary>
    public HttpClient NewClient(bool cookies = false, bool followRedirects = false, params DelegatingHandler[] handlers)
    {
        if (!ListensOnPort)
        {
            var client = CreateDefaultClient(ServerAddress, [.. handlers, .. cookies ? [new CookieHandler()] : Array.Empty<DelegatingHandler>()]);
            return followRedirects ? CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = ServerAddress, HandleCookies = cookies }) : client;
        }
        HttpMessageHandler inner = new SocketsHttpHandler { AllowAutoRedirect = followRedirects, UseCookies = cookies, CookieContainer = new System.Net.CookieContainer() };
        foreach (var handler in handlers.Reverse())
        {
            handler.InnerHandler = inner;
            inner = handler;
        }
        return new HttpClient(inner) { BaseAddress = ServerAddress };
    }

    /// <summary>
    /// An HTTP client acting as a person with <paramref name="role"/> in <paramref name="tenant"/>
    /// (corporation: manager, finance, staff-viewer; municipality: reviewer, approver). On its first request it signs
    /// that person in through the sign-in form and gets an access token by authorization code + PKCE.
    /// </summary>
    public HttpClient ClientFor(TenantInfo tenant, string role = "manager")
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentException.ThrowIfNullOrEmpty(role);
        return NewClient(handlers: new SignInOnFirstUseHandler(async () => (await this.TokensForAsync(tenant, role)).AccessToken));
    }

    /// <summary>The browser counterpart of <see cref="ClientFor"/>: signs the page in as a person with that role.</summary>
    public async Task SignInAsync(Microsoft.Playwright.IPage page, TenantInfo tenant, string role = "manager")
    {
        ArgumentNullException.ThrowIfNull(page);
        var email = Identities.EmailFor(tenant, role);
        await this.EnsureUserAsync(email, (tenant, role));
        await page.GotoAsync(new Uri(ServerAddress, "/account/login").ToString());
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(Identities.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Signs the page in as a platform operator (for /operator/… pages).</summary>
    public async Task SignInAsOperatorAsync(Microsoft.Playwright.IPage page)
    {
        var email = $"operator.{RunId}@test.example";
        await Identities.OperatorTokenAsync(this);
        await page.GotoAsync(new Uri(ServerAddress, "/account/login").ToString());
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(Identities.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    /// A tenant id no other test in this run uses.
    public static string NewTenantId(string stem) => $"{stem}-{Guid.NewGuid().ToString("N")[..8]}";

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await LocalPostgres.DropDatabasesAsync(DatabasePrefix, await ServerConnectionStringAsync());
        if (Directory.Exists(MailDirectory)) Directory.Delete(MailDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

/// Keeps cookies for an in-memory client (the test server's handler has no cookie container of its own).
internal sealed class CookieHandler : DelegatingHandler
{
    private readonly System.Net.CookieContainer _cookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var header = _cookies.GetCookieHeader(request.RequestUri!);
        if (header.Length > 0) request.Headers.Add("Cookie", header);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
            foreach (var value in values) _cookies.SetCookies(request.RequestUri!, value);
        return response;
    }
}

/// The portal on a real port, for Playwright.
public sealed class KestrelPortalFactory : PortalFactory
{
    protected override bool ListensOnPort => true;
}

/// The portal with the demo data seeded (Setagaya and its corporations).
public sealed class DemoPortalFactory : PortalFactory
{
    protected override bool DemoData => true;
}
