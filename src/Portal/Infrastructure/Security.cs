using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Hidamari.Portal.Infrastructure;

public sealed class SecurityOptions
{
    public const string Section = "Hidamari:Security";

    /// Attempts per client address and window on sign-in, two-factor, password reset and token endpoints.
    public int AuthenticationPermitLimit { get; set; } = 20;

    public TimeSpan AuthenticationWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Security headers on every response, and rate limits on the endpoints that take passwords and secrets.</summary>
public static class Security
{
    // Blazor Server needs its WebSocket (connect-src), Radzen styles elements inline (style-src 'unsafe-inline');
    // no inline script is allowed, and nobody may frame the portal.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    // The API reference page (Scalar) runs its own inline bootstrap script.
    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    private static readonly string[] LimitedPaths =
        ["/account/login", "/account/login-2fa", "/account/forgot-password", "/account/reset-password", "/connect/token"];

    public const string AuthenticationLimiter = "authentication";

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        var options = configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                HttpMethods.IsPost(http.Request.Method) && LimitedPaths.Any(p => http.Request.Path.Equals(p, StringComparison.OrdinalIgnoreCase))
                    ? RateLimitPartition.GetFixedWindowLimiter(
                        $"{AuthenticationLimiter}:{http.Connection.RemoteIpAddress}",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = options.AuthenticationPermitLimit, Window = options.AuthenticationWindow, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("none"));
            limiter.OnRejected = async (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)options.AuthenticationWindow.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Results.Problem(
                    title: "試行回数が多すぎます / Too many attempts",
                    detail: "しばらく待ってから再度お試しください。 / Please wait a moment and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments("/api/docs") ? ApiReferencePolicy : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
}
