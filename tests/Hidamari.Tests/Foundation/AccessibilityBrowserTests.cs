using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Foundation;

/// <summary>
/// WCAG 2.2 AA, as far as axe-core can tell: every page each demo role reaches, in Japanese and in English, has no
/// serious or critical violation. The sign-in pages are scanned signed out.
/// </summary>
[Trait("Category", "Foundation")]
[Trait("Category", "Browser")]
public sealed class AccessibilityBrowserTests(KestrelDemoPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelDemoPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    };

    private static async Task<IEnumerable<string>> ViolationsAsync(Microsoft.Playwright.IPage page, string where)
    {
        var result = await page.RunAxe(Options);
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(Describe))}");
    }

    private static string Describe(AxeResultNode node)
    {
        var html = node.Html.Length > 160 ? node.Html[..160] + "…" : node.Html;
        var why = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message).FirstOrDefault() ?? "";
        return $"{node.Target} {html} — {why}";
    }

    [Theory]
    [InlineData("manager")]
    [InlineData("finance")]
    [InlineData("staff-viewer")]
    [InlineData("reviewer")]
    [InlineData("approver")]
    [InlineData("operator")]
    public async Task Every_page_of_the_role_has_no_serious_or_critical_violation_in_both_languages(string role)
    {
        var (_, tenant) = DemoRoles.All.Single(r => r.Role == role);
        var page = await browser.NewPageAsync();
        var tour = new PageTour(portal, page);
        await tour.SignInAsync(DemoRoles.Email(role, tenant));
        var violations = new List<string>();
        foreach (var culture in new[] { "ja-JP", "en" })
        {
            await tour.OpenAsync($"/culture/{culture}?returnUrl=/");
            var toured = 0;
            await foreach (var visit in tour.PagesAsync(tenant, isOperator: tenant is null))
            {
                toured++;
                violations.AddRange(await ViolationsAsync(page, $"{culture} {visit.Path}"));
            }
            Assert.True(toured >= (tenant is null ? 3 : 15), $"only {toured} pages toured");
        }
        Assert.True(violations.Count == 0, $"{violations.Count} violations:\n" + string.Join("\n", violations));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_sign_in_pages_have_no_serious_or_critical_violation_in_both_languages()
    {
        var page = await browser.NewPageAsync();
        await page.Context.ClearCookiesAsync();
        var tour = new PageTour(portal, page);
        var violations = new List<string>();
        foreach (var culture in new[] { "ja-JP", "en" })
        {
            await tour.OpenAsync($"/culture/{culture}?returnUrl=/account/login");
            foreach (var path in new[] { "/account/login", "/account/forgot-password", "/t/no-such-tenant" })
            {
                await tour.OpenAsync(path);
                violations.AddRange(await ViolationsAsync(page, $"{culture} {path}"));
            }
        }
        Assert.True(violations.Count == 0, $"{violations.Count} violations:\n" + string.Join("\n", violations));
        await page.CloseAsync();
    }
}
