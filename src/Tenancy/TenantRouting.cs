using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hidamari.Tenancy;

/// <summary>
/// Resolves the tenant from the route prefix (<c>/t/{tenant}/…</c>, <c>/api/t/{tenant}/…</c>) and nothing else:
/// headers, query strings and bodies never select a tenant. The request goes on only when the tenant exists and the
/// signed-in person (or API client) holds a role in it; unknown tenants and non-members both get 404, so that tenant
/// ids cannot be probed. Writes need a writer role unless the endpoint names its own roles.
/// </summary>
public sealed class TenantRouteMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantRegistry registry, TenantAccess access, TenantSchemaGate schema, ILogger<TenantRouteMiddleware> logger)
    {
        var (candidate, isApi) = TenantRoute.Parse(context.Request.Path);
        if (candidate is null)
        {
            await next(context);
            return;
        }

        var tenant = await registry.FindAsync(candidate, context.RequestAborted);
        if (tenant is null || tenant.Status is TenantStatus.Provisioning or TenantStatus.Closed)
        {
            await NotFoundAsync(context, isApi);
            return;
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            if (isApi)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await ProblemAsync(context, StatusCodes.Status401Unauthorized, "サインインが必要です / Authentication required",
                    "有効なアクセストークンを指定してください。 / Send a valid bearer token.");
            }
            else
            {
                var back = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
                context.Response.Redirect("/account/login?returnUrl=" + Uri.EscapeDataString(back));
            }
            return;
        }

        var roles = await access.RolesAsync(context.User, tenant, context.RequestAborted);
        if (roles.Count == 0)
        {
            await NotFoundAsync(context, isApi);
            return;
        }

        var required = context.GetEndpoint()?.Metadata.GetMetadata<TenantRolesMetadata>()?.Roles
            ?? (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
                ? null
                : [.. Roles.Writers(tenant.Kind), TenantAccess.ApiClientRole]);
        if (required is not null && !roles.Any(required.Contains))
        {
            await ProblemAsync(context, StatusCodes.Status403Forbidden, "権限がありません / Forbidden",
                "この操作に必要な役割がありません。 / Your role does not allow this action.");
            return;
        }

        // Maintenance (a move in progress): reads are served, writes wait.
        if (tenant.Status == TenantStatus.Maintenance && !IsRead(context.Request.Method))
        {
            context.Response.Headers.RetryAfter = "60";
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "メンテナンス中です / Under maintenance",
                "このテナントは現在メンテナンス中のため、閲覧のみ可能です。しばらくしてから再度お試しください。 / This tenant is under maintenance: reading works, changes are refused. Please try again shortly.");
            return;
        }

        // A tenant database behind this build's schema is not served (the operator runs `migrate`).
        if (!await schema.IsCurrentAsync(tenant, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = "120";
            await ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "データベースの更新待ちです / Database update pending",
                $"このテナントのデータベースは新しい版への更新（migrate）が完了していません。運用担当者にお問い合わせください。 / This tenant's database has not been migrated to schema version {TenantSchema.CurrentVersion} yet; the operator must run `migrate`.");
            return;
        }

        System.Diagnostics.Activity.Current?.SetTag("hidamari.tenant", tenant.Id);
        context.Features.Set(new TenantFeature(tenant, roles));
        // Every log line of the request carries the tenant (never the person: no names or addresses in logs).
        using (logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenant.Id }))
        {
            await next(context);
        }
    }

    private static bool IsRead(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static async Task NotFoundAsync(HttpContext context, bool isApi)
    {
        if (isApi)
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "テナントが見つかりません / Tenant not found",
                "このURLのテナントは存在しないか、利用できません。 / No tenant with this id is available.");
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private static Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
    }
}

/// The tenant of this request and the roles the caller holds in it.
public sealed record TenantFeature(TenantInfo Tenant, IReadOnlyList<string> Roles);

/// Endpoint metadata: only these roles may call it (instead of the default: any member reads, writers write).
public sealed record TenantRolesMetadata(IReadOnlyList<string> Roles);

public static class TenantRoute
{
    /// The tenant segment of a tenant-scoped path, or null when the path is not tenant-scoped.
    public static (string? Tenant, bool IsApi) Parse(PathString path)
    {
        var value = path.Value;
        if (string.IsNullOrEmpty(value)) return (null, false);
        var segments = value.Split('/', 5, StringSplitOptions.None);
        // "/t/x/..." → ["", "t", "x", ...]; "/api/t/x/..." → ["", "api", "t", "x", ...]
        if (segments.Length >= 3 && segments[1] == "t") return (segments[2], false);
        if (segments.Length >= 4 && segments[1] == "api" && segments[2] == "t") return (segments[3], true);
        return (null, false);
    }

    /// The tenant the middleware resolved for this request; endpoints under a tenant route always have one.
    public static TenantInfo GetTenant(this HttpContext context) =>
        context.Features.Get<TenantFeature>()?.Tenant
        ?? throw new InvalidOperationException("No tenant was resolved for this request; is the endpoint under /api/t/{tenant}?");

    /// Restricts an endpoint (or a group) to these tenant roles.
    public static TBuilder RequireTenantRoles<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new TenantRolesMetadata(roles));
}
