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
        builder.UseEnvironment("Production");
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
