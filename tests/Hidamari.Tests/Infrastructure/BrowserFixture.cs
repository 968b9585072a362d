using Microsoft.Playwright;

namespace Hidamari.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (no browser download): headless, sandbox off (CI runs as root),
/// background networking off (the machine has no network), a fresh profile per run.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "hidamari-chromium-" + Guid.NewGuid().ToString("N"));

    public IBrowserContext Context { get; private set; } = default!;

    public static string ExecutablePath => Environment.GetEnvironmentVariable("HIDAMARI_CHROMIUM") ?? "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Context = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Locale = "ja-JP",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
            ],
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null) await Context.CloseAsync();
        _playwright?.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}

public static class PageExtensions
{
    /// <summary>
    /// A fresh page (no cookies) signed in as <paramref name="role"/> of <paramref name="tenant"/>, opened at
    /// <paramref name="path"/> and waited on until the page marked <paramref name="testId"/> is interactive.
    /// The first page load is slow when the whole suite shares two cores with a seeding demo portal.
    /// </summary>
    public static async Task<IPage> OpenAsAsync(this BrowserFixture browser, PortalFactory portal, Hidamari.Tenancy.TenantInfo tenant,
        string role, string path, string testId)
    {
        await browser.Context.ClearCookiesAsync();
        var page = await browser.NewPageAsync();
        page.SetDefaultNavigationTimeout(120_000);
        await portal.SignInAsync(page, tenant, role);
        await page.GotoAsync(new Uri(portal.ServerAddress, path).ToString());
        await page.WaitForInteractiveAsync(testId);
        return page;
    }

    /// Waits until the Blazor circuit has connected and the page marked itself interactive.
    public static Task WaitForInteractiveAsync(this IPage page, string testId) =>
        page.Locator($"[data-testid='{testId}'][data-interactive='true']").WaitForAsync();
}
