using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// The built portal (Hidamari.Portal.dll from the test output) as a child process on a real port, against the same
/// databases as an in-memory <see cref="PortalFactory"/> (which the test uses to set things up). It can be killed
/// like <c>kill -9</c> and started again on the same databases.
/// </summary>
public sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// What the process wrote, for failure messages.
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <param name="environment">Extra settings for this process (e.g. a fault-injection pause), added to the defaults.</param>
    public static async Task<PortalProcess> StartAsync(PortalFactory databases, CancellationToken ct, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var portalDll = Path.Combine(AppContext.BaseDirectory, "Hidamari.Portal.dll");
        var start = new ProcessStartInfo("dotnet", [portalDll, "--urls", address.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ConnectionStrings__Hidamari"] = databases.ConnectionString,
                ["Hidamari__Tenancy__DatabasePrefix"] = databases.DatabasePrefix + "t_",
                ["Hidamari__DemoData__Enabled"] = "false",
                ["Hidamari__Mail__PickupDirectory"] = databases.MailDirectory,
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            },
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var child = new PortalProcess(process, address);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await child.WaitUntilServingAsync(ct);
        return child;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"portal exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await probe.GetAsync("/openapi/v1.json", ct)).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { /* slow first answer */ }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException($"portal did not answer within 90 s:\n{Output}");
    }

    /// SIGKILL: no shutdown hooks, no flushing, in-flight requests cut off.
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// A client of the API acting as the machine client, with a token this process issued.
    public async Task<HttpClient> ClientAsync(NewApiClient apiClient, CancellationToken ct)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = apiClient.ClientId,
            ["client_secret"] = apiClient.ClientSecret,
            ["scope"] = "hidamari_api",
        }), ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await Identities.ReadTokensAsync(token)).AccessToken);
        return client;
    }

    /// <summary>
    /// A client of the API acting as a person with <paramref name="role"/> in <paramref name="tenant"/>: signs in through
    /// this process's form and gets a bearer token from it (authorization code + PKCE).
    /// </summary>
    public async Task<HttpClient> UserClientAsync(PortalFactory databases, TenantInfo tenant, string role, CancellationToken ct)
    {
        var email = Identities.EmailFor(tenant, role);
        await databases.EnsureUserAsync(email, (tenant, role));
        return await UserClientAsync(email, ct);
    }

    /// A client of the API with a bearer token this process issued to the (existing) person with that e-mail.
    public async Task<HttpClient> UserClientAsync(string email, CancellationToken ct)
    {
        using var cookie = CookieClient(new CookieContainer());
        var login = await Identities.PostLoginAsync(cookie, email, Identities.Password);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {email} answered {(int)login.StatusCode}");
        var tokens = await Identities.AuthorizationCodeTokensAsync(cookie);
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        ct.ThrowIfCancellationRequested();
        return client;
    }

    /// A browser-like client of this process: keeps cookies in <paramref name="cookies"/>, follows no redirects.
    public HttpClient CookieClient(CookieContainer cookies) =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies }) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class ReliabilitySetup
{
    /// A machine client of the tenant, registered in the shared database as a manager would.
    public static async Task<NewApiClient> ApiClientAsync(this PortalFactory portal, TenantInfo tenant)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ApiClients>().RegisterAsync(tenant, "reliability test", "test");
    }

    /// A facility body with a unique name.
    public static object Facility(string name) =>
        new { kind = "ChildrensHome", name, address = "東京都世田谷区", mainCapacity = 20, effectiveOn = "2021-04-01" };

    /// <summary>
    /// Prints a figure: in the test's output (<c>dotnet test --filter Category=Reliability --output detailed</c> shows it
    /// under each test) and appended to <c>TestResults/reliability-figures.txt</c> at the repository root.
    /// </summary>
    public static void Figure(string line)
    {
        Console.WriteLine(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        TestContext.Current.SendDiagnosticMessage(line);
        var results = Path.Combine(LocalPostgres.RepositoryRoot, "TestResults");
        Directory.CreateDirectory(results);
        lock (FigureGate) File.AppendAllText(Path.Combine(results, FigureFile), $"{DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss} {line}{Environment.NewLine}");
    }

    private const string FigureFile = "reliability-figures.txt";
    private static readonly Lock FigureGate = new();
}
