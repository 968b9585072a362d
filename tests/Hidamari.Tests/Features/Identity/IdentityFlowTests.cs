using System.Net;
using System.Text.RegularExpressions;
using Hidamari.Portal.Features.Admin;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Identity;

/// Sign-in, password reset by e-mail, two-factor, invitations, operator onboarding and the audit trail, end to end.
[Trait("Category", "Foundation")]
public sealed partial class IdentityFlowTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_password_reset_link_by_mail_sets_a_new_password()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("reset"));
        var user = await portal.EnsureUserAsync($"forgetful.{tenant.Id}@test.example", (tenant, Roles.Finance));
        var browser = portal.NewClient(cookies: true);

        var asked = await Identities.PostFormAsync(browser, "/account/forgot-password", "forgot-password", new() { ["Input.Email"] = user.Email! });
        Assert.Contains("forgot-password-sent", await asked.Content.ReadAsStringAsync());
        var link = new Uri(Identities.LinkIn(await portal.LastMailToAsync(user.Email!), "/account/reset-password"));

        var reset = await Identities.PostFormAsync(browser, link.PathAndQuery, "reset-password", new()
        {
            ["Input.Email"] = Regex.Match(link.Query, "email=([^&]+)").Groups[1].Value.Replace("%40", "@"),
            ["Input.Code"] = Regex.Match(link.Query, "code=([^&]+)").Groups[1].Value,
            ["Input.Password"] = "a-brand-new-password-1",
        });
        Assert.Contains("reset-password-done", await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await Identities.PostLoginAsync(portal.NewClient(cookies: true), user.Email!, Identities.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await Identities.PostLoginAsync(portal.NewClient(cookies: true), user.Email!, "a-brand-new-password-1")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        var response = await Identities.PostFormAsync(portal.NewClient(cookies: true), "/account/forgot-password", "forgot-password",
            new() { ["Input.Email"] = "nobody@test.example" });

        Assert.Contains("forgot-password-sent", await response.Content.ReadAsStringAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.LastMailToAsync("nobody@test.example"));
    }

    [Fact]
    public async Task Two_factor_sign_in_asks_for_the_authenticator_code()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("totp"));
        var user = await portal.EnsureUserAsync($"careful.{tenant.Id}@test.example", (tenant, Roles.Manager));
        using var browser = await portal.SignedInCookieClientAsync(user.Email!);
        var setup = await browser.GetStringAsync("/account/two-factor");
        var key = KeyField().Match(setup).Groups[1].Value;

        var enabled = await Identities.PostFormAsync(browser, "/account/two-factor", "enable-2fa", new() { ["Input.Code"] = Identities.Totp(key) });
        Assert.Contains("two-factor-enabled", await enabled.Content.ReadAsStringAsync());

        var client = portal.NewClient(cookies: true);
        var first = await Identities.PostLoginAsync(client, user.Email!, Identities.Password);
        var secondStep = new Uri(portal.ServerAddress, first.Headers.Location!).PathAndQuery;
        Assert.StartsWith("/account/login-2fa", secondStep);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync($"/t/{tenant.Id}")).StatusCode);

        var wrong = await Identities.PostFormAsync(client, secondStep, "login-2fa", new() { ["Input.Code"] = "000000" });
        Assert.Contains("login-2fa-error", await wrong.Content.ReadAsStringAsync());
        var right = await Identities.PostFormAsync(client, secondStep, "login-2fa", new() { ["Input.Code"] = Identities.Totp(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{tenant.Id}")).StatusCode);
    }

    [Fact]
    public async Task An_invited_person_creates_an_account_and_reaches_only_that_tenant()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("invite"));
        var other = await portal.CreateTenantAsync(PortalFactory.NewTenantId("other"));
        var email = $"newcomer.{tenant.Id}@test.example";

        var invited = await portal.ClientFor(tenant, Roles.Manager).PostJsonAsync($"/api/t/{tenant.Id}/members/invitations", new { email, role = Roles.Finance });
        Assert.Equal(HttpStatusCode.Accepted, invited.StatusCode);
        var link = new Uri(Identities.LinkIn(await portal.LastMailToAsync(email), "/account/accept-invitation"));

        var browser = portal.NewClient(cookies: true);
        var accepted = await Identities.PostFormAsync(browser, link.PathAndQuery, "accept-invitation", new()
        {
            ["Input.Token"] = link.Query.Split("token=")[1],
            ["Input.DisplayName"] = "新人 太郎",
            ["Input.Password"] = "newcomer-password-1",
        });
        Assert.Equal($"/t/{tenant.Id}", new Uri(portal.ServerAddress, accepted.Headers.Location!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{tenant.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/t/{other.Id}")).StatusCode);

        // The link works once.
        var again = await portal.NewClient(cookies: true).GetStringAsync(link.PathAndQuery);
        Assert.Contains("invitation-invalid", again);

        var members = await (await portal.ClientFor(tenant, Roles.Manager).GetAsync($"/api/t/{tenant.Id}/members")).ReadAsync<List<MemberView>>();
        Assert.Contains(members!, m => m.Email == email && m.Roles.SequenceEqual([Roles.Finance]));
    }

    [Fact]
    public async Task Invalid_invitations_are_refused_with_messages_and_nothing_is_sent()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("badinv"));
        var manager = portal.ClientFor(tenant, Roles.Manager);

        var badEmail = await manager.PostJsonAsync($"/api/t/{tenant.Id}/members/invitations", new { email = "not-an-address", role = Roles.Finance });
        var badRole = await manager.PostJsonAsync($"/api/t/{tenant.Id}/members/invitations", new { email = "ok@test.example", role = Roles.Approver });

        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => portal.LastMailToAsync("ok@test.example"));
    }

    [Fact]
    public async Task The_last_manager_cannot_be_demoted()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("last"));
        var manager = portal.ClientFor(tenant, Roles.Manager);
        await manager.GetAsync($"/api/t/{tenant.Id}/members");
        var self = await portal.EnsureUserAsync(Identities.EmailFor(tenant, Roles.Manager));

        var response = await manager.PutAsync($"/api/t/{tenant.Id}/members/{self.Id}", System.Net.Http.Json.JsonContent.Create(new { roles = new[] { Roles.Finance } }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task The_operator_creates_a_tenant_and_invites_its_first_administrator()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var email = $"op-{Guid.NewGuid():N}@test.example";
        await portal.EnsureUserAsync(email);
        var op = (await users.FindByEmailAsync(email))!;
        op.IsOperator = true;
        await users.UpdateAsync(op);
        using var cookie = await portal.SignedInCookieClientAsync(email);
        var api = portal.BearerClient((await Identities.AuthorizationCodeTokensAsync(cookie)).AccessToken);
        var id = PortalFactory.NewTenantId("ward");

        var invalid = await api.PostJsonAsync("/api/operator/tenants", new { id = "Bad Id", kind = "Municipality", displayName = "", jurisdiction = "", firstAdministratorEmail = "x" });
        var created = await api.PostJsonAsync("/api/operator/tenants",
            new { id, kind = "Municipality", displayName = "テスト区", jurisdiction = "東京都テスト区", firstAdministratorEmail = $"chief.{id}@test.example" });

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(TenantKind.Municipality, (await portal.TenantAsync(id)).Kind);
        var mail = await portal.LastMailToAsync($"chief.{id}@test.example");
        Assert.Contains("テスト区", mail);
        Assert.Contains("/account/accept-invitation?token=", mail);
    }

    [Fact]
    public async Task Sign_ins_role_changes_and_api_clients_are_audited_and_the_trail_cannot_be_edited()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("audit"));
        var manager = portal.ClientFor(tenant, Roles.Manager);
        var finance = await portal.EnsureUserAsync($"f.{tenant.Id}@test.example", (tenant, Roles.Finance));
        await manager.PutAsync($"/api/t/{tenant.Id}/members/{finance.Id}", System.Net.Http.Json.JsonContent.Create(new { roles = new[] { Roles.Finance, Roles.StaffViewer } }));
        await manager.PostJsonAsync($"/api/t/{tenant.Id}/api-clients", new { name = "audit me" });

        var trail = await (await manager.GetAsync($"/api/t/{tenant.Id}/audit")).ReadAsync<List<AuditEntryView>>();

        Assert.Contains(trail!, a => a.Action == "sign-in" && a.Actor == Identities.EmailFor(tenant, Roles.Manager));
        Assert.Contains(trail!, a => a.Action == "membership.roles-changed" && a.Detail.Contains("finance,staff-viewer"));
        Assert.Contains(trail!, a => a.Action == "api-client.created");

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("update identity.\"AuditEntries\" set \"Actor\" = 'someone else'"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("delete from identity.\"AuditEntries\""));
    }

    [Fact]
    public async Task Data_protection_keys_are_kept_in_postgresql_for_every_instance()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("dp"));
        await portal.EnsureUserAsync(Identities.EmailFor(tenant, Roles.Manager), (tenant, Roles.Manager));
        using var _ = await portal.SignedInCookieClientAsync(Identities.EmailFor(tenant, Roles.Manager));

        await using var scope = portal.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<PlatformDbContext>().DataProtectionKeys.CountAsync() > 0);
    }

    [GeneratedRegex("data-testid=\"two-factor-key\">([A-Z2-7 ]+)<")]
    private static partial Regex KeyField();
}
