using System.Collections.Concurrent;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Features.Staff;
using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;
using Npgsql;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// The write forms of the UI, in Chromium, given hostile values in every field they show: huge strings, markup and
/// scripts, SQL, control and bidi characters, negative and enormous numbers, dates outside the era tables. Each
/// submission must leave the page working (no <c>#blazor-error-ui</c>, no circuit error, no script run), show a
/// validation message, and store nothing in the tenant's database.
/// </summary>
[Trait("Category", "Reliability")]
[Trait("Category", "Browser")]
[Collection(ReliabilityCollection.Name)]
public sealed class FormFuzzBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// One set of hostile values per round: each field kind gets the round's value; every text is longer than any field
    /// allows (2,000 characters for free text), so that every submission is surely invalid.
    private sealed record Round(string Name, string Text, string Number, string Date);

    private static readonly Round[] Rounds =
    [
        new("huge", new string('あ', 20_000), "-1", "0001-01-01"),
        new("markup", string.Concat(Enumerable.Repeat("<script>alert(1)</script><img src=x onerror=alert(2)>", 60)), "2147483648", "9999-12-31"),
        new("sql-and-controls", string.Concat(Enumerable.Repeat("'; drop table hidamari.mt_events; --\u202e😀\u0007", 60)), "-99999999999", "1868-01-01"),
    ];

    /// A page and the submit button of one of its forms; the fields are those in the button's <paramref name="Scope"/>
    /// (its form, or the panel around it for a form without a form element), after clicking the <paramref name="Tab"/>.
    private sealed record FormUnderTest(string Path, string PageTestId, string SubmitTestId, string Scope = "ancestor::form", string? Tab = null);

    [Fact]
    public async Task Every_write_form_answers_hostile_values_with_a_message_and_stores_nothing()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "formfuzz");
        var tenant = corp.Tenant;
        var api = $"/api/t/{tenant.Id}";
        var gh = (await (await corp.Manager.PostJsonAsync($"{api}/facilities/{corp.FacilityId}/group-homes",
            new { kind = "RegionalSmallScale", name = "ファジングホーム", capacity = 4, openedOn = "2024-03-01" }, Ct)).ReadAsync<Created>(Ct))!.Id;
        var lease = (await (await corp.Manager.PostJsonAsync($"{api}/leases", new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 4, 1)) }, Ct)).ReadAsync<Created>(Ct))!.Id;
        var staff = await StaffApiTests.HireCareWorkerAsync(corp, "青木 一郎");
        Assert.Equal(System.Net.HttpStatusCode.Created, (await corp.Manager.PostJsonAsync($"{corp.Staff}/training/courses",
            new { title = "安全研修", provider = "Internal", category = "Safety", hours = 3, feePerParticipant = 0 }, Ct)).StatusCode);
        var t = $"/t/{tenant.Id}";
        FormUnderTest[] forms =
        [
            new($"{t}/facilities", "facilities-page", "register-facility"),
            new($"{t}/facilities", "facilities-page", "open-group-home"),
            new($"{t}/facilities", "facilities-page", "add-unit"),
            new($"{t}/facilities", "facilities-page", "change-submit"),
            new($"{t}/facilities", "facilities-page", "count-residents"),
            new($"{t}/standards", "standards-page", "record-room"),
            new($"{t}/plans", "plans-page", "plan-save"),
            new($"{t}/leases", "leases-page", "sign-lease"),
            new($"{t}/leases/{lease}", "lease-page", "renew-lease"),
            new($"{t}/staff", "staff-page", "hire-submit"),
            new($"{t}/staff/{staff}", "staff-member-page", "assign-submit"),
            new($"{t}/staff/{staff}", "staff-member-page", "qualification-submit"),
            new($"{t}/staff/{staff}", "staff-member-page", "departure-submit"),
            new($"{t}/staff/compliance", "compliance-page", "inputs-submit"),
            new($"{t}/staff/training", "training-page", "course-submit"),
            new($"{t}/staff/training", "training-page", "session-submit"),
            new($"{t}/subsidies", "subsidies-page", "claim-prepare", "ancestor::div[contains(@class,'rz-stack')][1]", Tab: "請求"),
        ];

        var page = await browser.NewPageAsync();
        var dialogs = new ConcurrentBag<string>();
        var circuitErrors = new ConcurrentBag<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("circuit", StringComparison.OrdinalIgnoreCase) || message.Text.Contains("Unhandled", StringComparison.Ordinal)))
                circuitErrors.Add(message.Text);
        };
        await portal.SignInAsync(page, tenant);

        var failures = new List<string>();
        var submissions = 0;
        foreach (var form in forms)
        {
            foreach (var round in Rounds)
            {
                var label = $"{form.SubmitTestId} [{round.Name}]";
                var before = await EventsAsync(tenant);
                await page.GotoAsync(new Uri(portal.ServerAddress, form.Path).ToString());
                await page.WaitForInteractiveAsync(form.PageTestId);
                if (form.Tab is { } tab) await page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true }).ClickAsync();
                var submit = page.GetByTestId(form.SubmitTestId);
                try
                {
                    // Pages load their data after connecting: the form may appear a moment after the page is interactive.
                    await submit.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 20_000 });
                }
                catch (TimeoutException)
                {
                    failures.Add($"{label}: the form is not shown");
                    break;
                }
                var filled = await FillAsync(submit.Locator("xpath=" + form.Scope), round);
                await submit.ClickAsync();
                submissions++;

                var message = page.Locator(".field-error, .validation-message, .rz-messages-error, [role=alert]:not(#blazor-error-ui)");
                try
                {
                    await message.First.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15_000 });
                }
                catch (TimeoutException)
                {
                    failures.Add($"{label}: no validation message after filling {filled} fields");
                }
                if (await page.Locator("#blazor-error-ui").IsVisibleAsync()) failures.Add($"{label}: #blazor-error-ui shown");
                var after = await EventsAsync(tenant);
                if (after != before) failures.Add($"{label}: stored {after - before} events");
            }
        }

        ReliabilitySetup.Figure($"[reliability] form fuzz: {forms.Length} forms × {Rounds.Length} rounds of hostile values, {submissions} submissions, " +
            $"{failures.Count} failures, {dialogs.Count} scripts run, {circuitErrors.Count} circuit errors");
        foreach (var failure in failures) ReliabilitySetup.Figure("  " + failure);
        Assert.Empty(failures);
        Assert.Empty(dialogs);
        Assert.Empty(circuitErrors);
    }

    /// Fills every editable text, number and date field of the form with the round's value for its kind; returns how many.
    private static async Task<int> FillAsync(ILocator form, Round round)
    {
        var fields = form.Locator("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=submit]), textarea");
        var filled = 0;
        for (var i = await fields.CountAsync() - 1; i >= 0; i--)
        {
            var field = fields.Nth(i);
            if (!await field.IsVisibleAsync() || !await field.IsEditableAsync()) continue;
            var kind = await field.EvaluateAsync<string>("""
                e => e.type === 'number' || e.closest('.rz-numeric') ? 'number'
                   : e.type === 'date' ? 'iso-date'
                   : e.type === 'month' ? 'month'
                   : ['time', 'week', 'datetime-local', 'color', 'range'].includes(e.type) ? 'skip'
                   : e.closest('.rz-datepicker') ? 'date'
                   : e.closest('.rz-dropdown, .rz-autocomplete, .rz-lookup-search') ? 'skip' : 'text'
                """);
            var value = kind switch { "number" => round.Number, "iso-date" or "date" => round.Date, "month" => round.Date[..7], "skip" => null, _ => round.Text };
            if (value is null) continue;
            await field.FillAsync(value);
            if (kind == "date") await field.PressAsync("Tab");
            filled++;
        }
        return filled;
    }

    private async Task<long> EventsAsync(TenantInfo tenant)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select count(*) from hidamari.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
