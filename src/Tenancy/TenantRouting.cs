using Microsoft.AspNetCore.Http;

namespace Hidamari.Tenancy;

/// <summary>
/// Resolves the tenant from the route prefix (<c>/t/{tenant}/…</c>, <c>/api/t/{tenant}/…</c>) and nothing
/// else: headers, query strings and bodies never select a tenant. Unknown or malformed ids end here with 404,
/// before any endpoint, page or Marten session is reached.
/// </summary>
public sealed class TenantRouteMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantRegistry registry)
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
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            if (isApi)
            {
                await Results.Problem(
                    title: "テナントが見つかりません / Tenant not found",
                    detail: "このURLのテナントは存在しないか、利用できません。 / No tenant with this id is available.",
                    statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            }
            return;
        }

        context.Features.Set(new TenantFeature(tenant));
        await next(context);
    }
}

public sealed record TenantFeature(TenantInfo Tenant);

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
}
