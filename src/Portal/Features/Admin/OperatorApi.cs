using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Admin;

public sealed record CreateTenant(string Id, TenantKind Kind, string DisplayName, string Jurisdiction, string FirstAdministratorEmail, string? Server = null);

/// <summary>The platform operator creates tenants and their first administrator; it never reads a tenant's contents.</summary>
public static class OperatorApi
{
    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/operator").WithTags("Operator").RequireAuthorization(IdentityConfiguration.OperatorPolicy);
        group.MapGet("/tenants", async (TenantRegistry registry, CancellationToken ct) => TypedResults.Ok(await registry.ListAsync(ct)))
            .WithName("ListTenants").WithSummary("テナント一覧 / All tenants (registry data only)");
        group.MapPost("/tenants", CreateAsync)
            .WithName("CreateTenant").WithSummary("テナントを作成し最初の管理者を招待する / Create a tenant and invite its first administrator");
        return app;
    }

    private static async Task<IResult> CreateAsync(CreateTenant body, HttpContext http, TenantOnboarding onboarding, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var result = await onboarding.CreateAsync(body, http.Request.Scheme + "://" + http.Request.Host, TenantAccess.ActorName(http.User), ct);
        return result.Errors.Count > 0
            ? TypedResults.ValidationProblem(result.Errors.ToDictionary(e => e.Key, e => e.Value), title: text["Validation.Summary"])
            : TypedResults.Created($"/api/operator/tenants/{result.Tenant!.Id}", result.Tenant);
    }
}

public sealed record OnboardingResult(TenantInfo? Tenant, IReadOnlyDictionary<string, string[]> Errors);

/// Creates a tenant and invites its first administrator (manager or approver by kind): used by the API and the page.
public sealed class TenantOnboarding(TenantProvisioner provisioner, Invitations invitations, AuditLog audit, IStringLocalizer<SharedResource> text)
{
    public async Task<OnboardingResult> CreateAsync(CreateTenant body, string baseUrl, string actor, CancellationToken ct)
    {
        var errors = TenantProvisioner.Validate(new NewTenant(body.Id ?? "", body.Kind, body.DisplayName ?? "", body.Jurisdiction ?? ""))
            .Select((message, i) => (key: $"tenant{i}", message)).ToDictionary(e => e.key, e => new[] { e.message });
        if (!System.Net.Mail.MailAddress.TryCreate(body.FirstAdministratorEmail?.Trim(), out _)) errors["firstAdministratorEmail"] = [text["Validation.Email"]];
        if (errors.Count > 0) return new(null, errors);
        try
        {
            var tenant = await provisioner.CreateAsync(new NewTenant(body.Id!, body.Kind, body.DisplayName!, body.Jurisdiction!, body.Server), ct);
            await audit.RecordAsync(tenant.Id, actor, "tenant.created", $"kind={tenant.Kind} server={tenant.Server}", ct);
            await invitations.InviteAsync(tenant, body.FirstAdministratorEmail!.Trim(), Roles.Administrators(tenant.Kind)[0], actor, baseUrl, ct);
            return new(tenant, new Dictionary<string, string[]>());
        }
        catch (TenantAlreadyExistsException)
        {
            return new(null, new Dictionary<string, string[]> { ["id"] = [text["Admin.TenantExists"]] });
        }
    }
}
