using System.Text.RegularExpressions;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Foundation;

/// <summary>
/// Switching the language re-renders every page in it: the html lang follows, and no page shows a resource key in place
/// of a text (what IStringLocalizer renders for a missing key) in its text or its labels.
/// </summary>
[Trait("Category", "Foundation")]
[Trait("Category", "Browser")]
public sealed class LanguageBrowserTests(KestrelDemoPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelDemoPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly Regex RawKey = new(
        @"(?<![\w./-])(?:" + string.Join("|", ResourceCompletenessTests.Rows().Select(r => Regex.Escape(r.Key.Split('.')[0])).Distinct()) + @")\.[A-Z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*");

    [Theory]
    [InlineData("manager")]
    [InlineData("reviewer")]
    public async Task The_language_switch_renders_every_page_in_english_then_japanese_without_a_missing_text(string role)
    {
        var (_, tenant) = DemoRoles.All.Single(r => r.Role == role);
        var page = await browser.NewPageAsync();
        var tour = new PageTour(portal, page);
        await tour.SignInAsync(DemoRoles.Email(role, tenant));
        var problems = new List<string>();
        var names = await RecordedNamesAsync(tenant!);

        foreach (var language in new[] { "en", "ja" })
        {
            await tour.OpenAsync($"/t/{tenant}");
            if (await tour.LangAsync() != language) await tour.SwitchLanguageAsync();
            Assert.Equal(language, await tour.LangAsync());
            var toured = 0;
            await foreach (var visit in tour.PagesAsync(tenant, isOperator: false))
            {
                toured++;
                if (await tour.LangAsync() != language) problems.Add($"{language} {visit.Path}: lang={await tour.LangAsync()}");
                var text = await tour.TextAsync();
                foreach (var key in RawKey.Matches(text).Select(m => m.Value).Distinct())
                    problems.Add($"{language} {visit.Path}: raw key {key}");
                if (language == "en" && Regex.IsMatch(WithoutRecordedNames(await page.TitleAsync(), names), @"\p{IsHiragana}|\p{IsKatakana}"))
                    problems.Add($"{language} {visit.Path}: Japanese title {await page.TitleAsync()}");
            }
            Assert.True(toured >= 15, $"only {toured} pages toured");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    /// Names the corporation recorded (facilities, group homes) are data, in Japanese whatever the reader's language.
    private async Task<IReadOnlyList<string>> RecordedNamesAsync(string tenantId)
    {
        var tenant = (await portal.Services.GetRequiredService<Hidamari.Tenancy.TenantRegistry>().FindAsync(tenantId))!;
        var list = await portal.Services.GetRequiredService<Hidamari.Portal.Features.Facilities.FacilityQueries>().ListAsync(tenant, CancellationToken.None);
        return [.. list.Facilities.SelectMany(f => f.GroupHomes.Select(g => g.Name).Prepend(f.Name)).OrderByDescending(n => n.Length)];
    }

    private static string WithoutRecordedNames(string title, IReadOnlyList<string> names) =>
        names.Aggregate(title, (t, name) => t.Replace(name, "", StringComparison.Ordinal));
}
