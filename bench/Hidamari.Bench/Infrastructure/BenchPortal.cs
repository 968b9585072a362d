using System.Net;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// The real portal (its own Program, configuration and pipeline) hosted in this process on real PostgreSQL, in
/// databases named by <paramref name="databasePrefix"/>. With <paramref name="kestrel"/> it listens on a real
/// loopback port, so that HTTP clients and the browser go through sockets as they would in production.
/// The only addition is <see cref="PingPath"/>, the trivial endpoint the api benchmark compares against.
/// </summary>
public sealed class BenchPortal(string databasePrefix, bool kestrel, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string PingPath = "/api/bench/ping";

    public string DatabasePrefix { get; } = databasePrefix;

    public string PlatformConnectionString { get; } = BenchServer.Database(databasePrefix + "platform");

    public Uri Address { get; private set; } = default!;

    public BenchPortal Start()
    {
        if (kestrel) UseKestrel(0);
        StartServer();
        Address = kestrel
            ? new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First())
            : Server.BaseAddress;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Production-like (configured keys, no demo data) but plain http on loopback, which Production refuses for tokens.
        builder.UseEnvironment("Benchmark");
        // Production requires configured token keys: fresh ones for this run.
        builder.UseSetting("Hidamari:Identity:SigningKeyPem", Keys.Signing);
        builder.UseSetting("Hidamari:Identity:EncryptionKeyPem", Keys.Encryption);
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Hidamari", PlatformConnectionString);
        builder.UseSetting("Hidamari:Tenancy:DatabasePrefix", DatabasePrefix + "t_");
        builder.UseSetting("Hidamari:DemoData:Enabled", "false");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        // Warnings and errors only, on stderr: stdout carries nothing but results.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Warning");
        builder.UseSetting("Logging:LogLevel:Marten", "Warning");
        builder.UseSetting("Logging:LogLevel:Npgsql", "Warning");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter, PingEndpoint>();
            services.AddSingleton(CircuitTime);
            services.AddScoped<CircuitHandler, CircuitTimingHandler>();
        });
    }

    /// Time the server spends handling what browsers send to interactive circuits (events, render acknowledgements).
    public CircuitTiming CircuitTime { get; } = new();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// Creates a tenant as the operator does, through the provisioner.
    public Task<TenantInfo> CreateTenantAsync(string id, TenantKind kind = TenantKind.Corporation) =>
        Get<TenantProvisioner>().CreateAsync(new NewTenant(id, kind, $"ベンチ法人 {id}", "東京都世田谷区"));

    public async Task<TenantInfo> TenantAsync(string id) =>
        await Get<TenantRegistry>().FindAsync(id) ?? throw new InvalidOperationException($"no tenant {id}");

    public const string BenchUser = "bench@bench.example";
    private const string BenchPassword = "bench-password-2021";

    private static class Keys
    {
        public static readonly string Signing = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();
        public static readonly string Encryption = System.Security.Cryptography.RSA.Create(2048).ExportRSAPrivateKeyPem();
    }

    /// Makes the bench person a manager of the tenant (the API and pages require a membership).
    public async Task GrantAsync(TenantInfo tenant)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Hidamari.Tenancy.Identity.PortalUser>>();
        var user = await users.FindByEmailAsync(BenchUser);
        if (user is null)
        {
            user = new Hidamari.Tenancy.Identity.PortalUser { UserName = BenchUser, Email = BenchUser, EmailConfirmed = true, DisplayName = "bench" };
            var created = await users.CreateAsync(user, BenchPassword);
            if (!created.Succeeded) throw new InvalidOperationException(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        await scope.ServiceProvider.GetRequiredService<Hidamari.Tenancy.Identity.Memberships>()
            .SetRolesAsync(tenant, user.Id, [Hidamari.Tenancy.Identity.Roles.Manager], "bench");
    }

    /// Signs the bench person in through the sign-in form; returns the cookie header (name=value) of the session.
    public async Task<(string Name, string Value)> SignInCookieAsync()
    {
        var cookies = new System.Net.CookieContainer();
        using var client = kestrel
            ? new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = Address }
            : CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token),
            ["Input.Email"] = BenchUser,
            ["Input.Password"] = BenchPassword,
        }));
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith("hidamari.auth=", StringComparison.Ordinal)) : null;
        if (setCookie is null) throw new InvalidOperationException($"bench sign-in failed: {(int)response.StatusCode}");
        var pair = setCookie.Split(';')[0];
        return (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
    }

    /// A bearer token of a machine client registered for the tenant (client credentials).
    public async Task<string> ApiTokenAsync(TenantInfo tenant)
    {
        const string secret = "bench-client-secret";
        var clientId = $"{tenant.Id}-bench";
        await using (var scope = Services.CreateAsyncScope())
        {
            var clients = scope.ServiceProvider.GetRequiredService<Hidamari.Tenancy.Identity.ApiClients>();
            if (await clients.TenantOfActiveClientAsync(clientId) is null)
                await clients.CreateAsync(tenant, clientId, secret, "bench", "bench");
        }
        using var http = NewClient();
        using var response = await http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret, ["scope"] = "hidamari_api",
        }));
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// A client with the bench person's session cookie (reads only: the API accepts the cookie for GET).
    public HttpClient NewClient((string Name, string Value) cookie)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        return client;
    }

    /// A client with a bearer token.
    public HttpClient NewClient(string accessToken)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// A client of its own (own connection pool), as a separate browser or integration would be.
    public HttpClient NewClient()
    {
        if (!kestrel) return CreateClient();
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        return new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// A trivial endpoint on the same host, after the portal's whole middleware pipeline (localization, exception
    /// handler, status-code pages, tenant routing, routing, antiforgery), answering a constant JSON body.
    private sealed class PingEndpoint : IStartupFilter
    {
        private static readonly byte[] Body = """{"ok":true}"""u8.ToArray();

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(async http =>
            {
                if (http.Request.Path != PingPath)
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                http.Response.ContentType = "application/json; charset=utf-8";
                await http.Response.Body.WriteAsync(Body);
            });
        };
    }
}

public sealed class CircuitTiming
{
    private long _ticks;
    private long _activities;

    public (long Activities, TimeSpan Time) Now() => (Interlocked.Read(ref _activities), TimeSpan.FromTicks(Interlocked.Read(ref _ticks)));

    internal void Add(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _activities);
        Interlocked.Add(ref _ticks, elapsed.Ticks);
    }
}

/// Measures each inbound circuit activity on the server (bench host only; the portal has no such handler).
internal sealed class CircuitTimingHandler(CircuitTiming timing) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await next(context);
            timing.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started));
        };
}
