using Hidamari.Tenancy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Localization;
using Npgsql;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// Turns an exception no endpoint handled into problem+json without internals: 503 with Retry-After when the
/// database is unreachable (the request may be retried), 500 otherwise. The exception itself goes to the log.
/// </summary>
public sealed class ProblemExceptionHandler(
    IProblemDetailsService problems, IStringLocalizer<SharedResource> text, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is BadHttpRequestException bad)
        {
            // Malformed JSON, wrong types, oversized bodies: the caller's mistake, told plainly; nothing was stored.
            http.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = bad.StatusCode,
                    Title = text["Error.BadRequest"],
                    Detail = bad.InnerException is System.Text.Json.JsonException { Path: { } path } ? $"JSON: {path}" : null,
                },
            });
        }

        var unavailable = IsTransient(exception);
        var tenant = http.Features.Get<TenantFeature>()?.Tenant.Id;
        logger.LogError(exception, "Unhandled {Kind} error on {Path} for tenant {TenantId}",
            unavailable ? "availability" : "server", http.Request.Path, tenant);

        http.Response.StatusCode = unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        if (unavailable) http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails =
            {
                Status = http.Response.StatusCode,
                Title = unavailable ? text["Error.DatabaseUnavailable"] : text["Error.Unexpected"],
            },
        });
    }

    private static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" } => true,
        TenantUnavailableException => true,
        TimeoutException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
