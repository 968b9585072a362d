using System.Reflection;
using System.Text.RegularExpressions;
using Hidamari.Portal.DemoData;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.Playwright;

namespace Hidamari.Tests.Foundation;

/// The portal on a real port with the demo data (Setagaya, its corporations and their people).
public sealed class KestrelDemoPortalFactory : PortalFactory
{
    protected override bool ListensOnPort => true;

    protected override bool DemoData => true;
}

/// <summary>
/// Every page of the portal as one demo person sees it. The routes are the app's own <c>@page</c> directives (read by
/// reflection, so a new page is toured without touching this file); <c>{Tenant}</c> is the person's tenant, and a route
/// with an id takes the first link to it found on the pages visited before (the demo data has one of each).
/// </summary>
public sealed partial class PageTour(PortalFactory portal, IPage page)
{
    public const string DemoPassword = "demo-password-2021";

    /// Pages that need a one-time token or a half-finished sign-in, and the re-executed 404 page.
    private static readonly string[] NotToured = ["/account/accept-invitation", "/account/reset-password", "/account/login-2fa", "/not-found"];

    public static IReadOnlyList<string> Templates { get; } =
    [
        .. typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template)
            .Distinct().Where(t => !NotToured.Contains(t)).Order(StringComparer.Ordinal),
    ];

    public sealed record Visit(string Template, string Path);

    /// Signs a demo person in (a fresh browser session first).
    public async Task SignInAsync(string email)
    {
        await page.Context.ClearCookiesAsync();
        // The first request after start waits for the demo data and a cold circuit: allow it time on a busy machine.
        await page.GotoAsync(Url("/account/login"), new PageGotoOptions { Timeout = 180_000 });
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public string Url(string path) => new Uri(portal.ServerAddress, path).ToString();

    /// Goes to a page and waits until its circuit is interactive, or the static page (sign-in and account pages) has loaded.
    public async Task<IResponse?> OpenAsync(string path)
    {
        var response = await page.GotoAsync(Url(path));
        try
        {
            await page.WaitForFunctionAsync("""
                () => document.querySelector("[data-interactive='true'], [data-testid='forbidden'], [data-testid='not-found'], [data-testid='login-email'], [data-testid='home-page'] h2, section.account-form")
                """, null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            // A page without a marker: it has loaded; give the circuit a moment.
        }
        await page.WaitForTimeoutAsync(300);
        return response;
    }

    /// The pages this person reaches: tenant pages of <paramref name="tenant"/>, the home page, the person's own account
    /// page, and for an operator the operator pages.
    public async IAsyncEnumerable<Visit> PagesAsync(string? tenant, bool isOperator)
    {
        var links = new List<string>();
        var withIds = new List<string>();
        foreach (var template in Templates)
        {
            if (template.StartsWith("/account/", StringComparison.Ordinal) && template != "/account/two-factor") continue;
            if (template.StartsWith("/operator/", StringComparison.Ordinal) && !isOperator) continue;
            if (template.StartsWith("/t/", StringComparison.Ordinal) && tenant is null) continue;
            var path = template.Replace("{Tenant}", tenant ?? "", StringComparison.Ordinal);
            if (path.Contains('{', StringComparison.Ordinal))
            {
                withIds.Add(template);
                continue;
            }
            await OpenAsync(path);
            AssertStillSignedIn(path);
            links.AddRange(await page.EvalOnSelectorAllAsync<string[]>("a[href]", "as => as.map(a => a.getAttribute('href'))"));
            yield return new Visit(template, path);
        }
        foreach (var template in withIds)
        {
            var pattern = new Regex("^/?" + Parameter().Replace(Regex.Escape(template.Replace("{Tenant}", tenant ?? "", StringComparison.Ordinal)).TrimStart('/'), "[0-9a-fA-F-]{36}") + "$");
            if (links.Select(l => l.Split('?')[0]).FirstOrDefault(pattern.IsMatch) is not { } found) continue;
            var path = found.StartsWith('/') ? found : "/" + found;
            await OpenAsync(path);
            AssertStillSignedIn(path);
            yield return new Visit(template, path);
        }
    }

    /// A tour that lost its sign-in would go on checking the sign-in page in place of every page after it.
    private void AssertStillSignedIn(string path)
    {
        if (new Uri(page.Url).AbsolutePath == "/account/login")
            throw new InvalidOperationException($"The tour was signed out: {path} answered with the sign-in page.");
    }

    /// Switches the language through the header's switch, as a person would.
    public async Task SwitchLanguageAsync()
    {
        var before = await LangAsync();
        await page.GetByTestId("language-switch").ClickAsync();
        await page.WaitForFunctionAsync($"() => document.documentElement.lang && document.documentElement.lang !== '{before}'");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    public Task<string> LangAsync() => page.EvaluateAsync<string>("() => document.documentElement.lang");

    /// Visible text and the text-bearing attributes (labels for assistive technology) of the page.
    public Task<string> TextAsync() => page.EvaluateAsync<string>("""
        () => document.body.innerText + "\n" + [...document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")]
            .flatMap(e => ["aria-label", "title", "placeholder", "alt"].map(a => e.getAttribute(a)).filter(Boolean)).join("\n")
        """);

    [GeneratedRegex(@"\\\{[^}]*}")]
    private static partial Regex Parameter();
}

public static class DemoRoles
{
    /// Every demo role with the tenant it belongs to (operator: no tenant).
    public static readonly (string Role, string? Tenant)[] All =
    [
        ("manager", DemoDataSeeder.TokyoIkuseien), ("finance", DemoDataSeeder.TokyoIkuseien), ("staff-viewer", DemoDataSeeder.TokyoIkuseien),
        ("reviewer", DemoDataSeeder.Setagaya), ("approver", DemoDataSeeder.Setagaya), ("operator", null),
    ];

    public static string Email(string role, string? tenant) => tenant is null ? DemoPeople.Operator : DemoPeople.Email(role, tenant);
}
