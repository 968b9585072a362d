using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Hidamari.Tests.Browser;

[Trait("Category", "Browser")]
[Trait("Category", "Isolation")]
public sealed class SignInBrowserTests(KestrelPortalFactory portal, BrowserFixture browser)
    : IClassFixture<KestrelPortalFactory>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_person_signs_in_picks_one_of_their_tenants_and_sees_only_theirs()
    {
        var first = await portal.CreateTenantAsync(PortalFactory.NewTenantId("pick-a"), name: "社会福祉法人あおば会");
        var second = await portal.CreateTenantAsync(PortalFactory.NewTenantId("pick-b"), name: "社会福祉法人みどり会");
        var stranger = await portal.CreateTenantAsync(PortalFactory.NewTenantId("pick-c"), name: "社会福祉法人よその会");
        var email = $"two.{first.Id}@test.example";
        await portal.EnsureUserAsync(email, (first, Roles.Manager), (second, Roles.StaffViewer));
        var page = await browser.NewPageAsync();

        // A deep link survives sign-in.
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{second.Id}/facilities").ToString());
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(Identities.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForInteractiveAsync("facilities-page");
        Assert.EndsWith($"/t/{second.Id}/facilities", page.Url);
        // A viewer is offered no forms.
        await Assertions.Expect(page.GetByTestId("register-facility")).ToHaveCountAsync(0);

        await page.GotoAsync(portal.ServerAddress.ToString());
        await Assertions.Expect(page.GetByTestId($"tenant-{first.Id}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"tenant-{second.Id}")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId($"tenant-{stranger.Id}")).ToHaveCountAsync(0);

        await page.GetByTestId($"tenant-{first.Id}").GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tenant-name")).ToHaveTextAsync("社会福祉法人あおば会");
        await Assertions.Expect(page.GetByTestId("nav-members")).ToBeVisibleAsync();

        var strangerPage = await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{stranger.Id}").ToString());
        Assert.Equal(404, strangerPage!.Status);
        await Assertions.Expect(page.GetByTestId("not-found")).ToBeVisibleAsync();

        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(portal.ServerAddress, $"/t/{first.Id}").ToString());
        Assert.Contains("/account/login", page.Url);
    }
}
