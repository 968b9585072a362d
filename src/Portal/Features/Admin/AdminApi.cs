using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Admin;

public sealed record InvitePerson(string Email, string Role);
public sealed record ChangeRoles(IReadOnlyList<string> Roles);
public sealed record RegisterApiClient(string Name);
public sealed record AuditEntryView(DateTimeOffset At, string Actor, string Action, string Detail);

/// <summary>A tenant's people, API clients and audit trail; only the tenant's administrators (manager of a
/// corporation, approver of a municipality) may use these.</summary>
public static class AdminApi
{
    public static RouteGroupBuilder MapAdminApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("").WithTags("Administration")
            .RequireTenantRoles(Roles.Manager, Roles.Approver);

        group.MapGet("/members", async (HttpContext http, Memberships memberships, CancellationToken ct) =>
            TypedResults.Ok(await memberships.MembersOfAsync(http.GetTenant().Id, ct)))
            .WithName("ListMembers").WithSummary("メンバー一覧 / People in this tenant and their roles");

        group.MapPost("/members/invitations", InviteAsync)
            .WithName("InvitePerson").WithSummary("メンバーを招待する / Invite a person by e-mail");

        group.MapPut("/members/{userId}", ChangeRolesAsync)
            .WithName("ChangeRoles").WithSummary("役割を変更する / Change a person's roles (an empty list removes them)");

        group.MapDelete("/members/{userId}", (string userId, HttpContext http, Memberships memberships, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
            ChangeRolesAsync(userId, new ChangeRoles([]), http, memberships, text, ct))
            .WithName("RemoveMember").WithSummary("メンバーを外す / Remove a person from this tenant");

        group.MapGet("/api-clients", async (HttpContext http, ApiClients clients, CancellationToken ct) =>
            TypedResults.Ok(await clients.ListAsync(http.GetTenant().Id, ct)))
            .WithName("ListApiClients").WithSummary("APIクライアント一覧 / Machine clients of this tenant");

        group.MapPost("/api-clients", RegisterClientAsync)
            .WithName("RegisterApiClient").WithSummary("APIクライアントを登録する / Register a machine client; the secret is shown once");

        group.MapDelete("/api-clients/{clientId}", async Task<Results<NoContent, ProblemHttpResult>> (string clientId, HttpContext http, ApiClients clients, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
            await clients.RevokeAsync(http.GetTenant(), clientId, http.UserName(), ct)
                ? TypedResults.NoContent()
                : TypedResults.Problem(text["Admin.ClientNotFound"], statusCode: StatusCodes.Status404NotFound))
            .WithName("RevokeApiClient").WithSummary("APIクライアントを失効させる / Revoke a machine client and its tokens");

        group.MapGet("/audit", async (HttpContext http, AuditLog audit, CancellationToken ct) =>
            TypedResults.Ok((await audit.ForTenantAsync(http.GetTenant().Id, 200, ct)).Select(a => new AuditEntryView(a.At, a.Actor, a.Action, a.Detail))))
            .WithName("ListAudit").WithSummary("監査ログ / The tenant's audit trail, newest first");
        return group;
    }

    private static async Task<IResult> InviteAsync(InvitePerson body, HttpContext http, Invitations invitations, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        var errors = new Dictionary<string, string[]>();
        if (!System.Net.Mail.MailAddress.TryCreate(body.Email?.Trim(), out _) || body.Email!.Length > 256) errors["email"] = [text["Validation.Email"]];
        if (body.Role is null || !Roles.IsValidFor(tenant.Kind, body.Role)) errors["role"] = [text["Validation.Role", string.Join(", ", Roles.For(tenant.Kind))]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: text["Validation.Summary"]);

        await invitations.InviteAsync(tenant, body.Email!.Trim(), body.Role!, http.UserName(), $"{http.Request.Scheme}://{http.Request.Host}", ct);
        return TypedResults.Accepted((string?)null);
    }

    private static async Task<IResult> ChangeRolesAsync(string userId, ChangeRoles body, HttpContext http, Memberships memberships, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        var roles = (body.Roles ?? []).Distinct().ToList();
        if (roles.Any(r => !Roles.IsValidFor(tenant.Kind, r)))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roles"] = [text["Validation.Role", string.Join(", ", Roles.For(tenant.Kind))]] }, title: text["Validation.Summary"]);
        if ((await memberships.RolesAsync(userId, tenant.Id, ct)).Count == 0)
            return TypedResults.Problem(text["Admin.MemberNotFound"], statusCode: StatusCodes.Status404NotFound);
        if (!roles.Any(Roles.Administrators(tenant.Kind).Contains) && await memberships.IsLastAdministratorAsync(tenant, userId, ct))
            return TypedResults.Problem(text["Admin.LastAdministrator"], statusCode: StatusCodes.Status409Conflict);

        await memberships.SetRolesAsync(tenant, userId, roles, http.UserName(), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> RegisterClientAsync(RegisterApiClient body, HttpContext http, ApiClients clients, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name) || body.Name.Length > 100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [text["Validation.NameTooLong", 100]] }, title: text["Validation.Summary"]);
        var client = await clients.RegisterAsync(http.GetTenant(), body.Name.Trim(), http.UserName(), ct);
        return TypedResults.Created($"{http.Request.Path}/{client.ClientId}", client);
    }
}
