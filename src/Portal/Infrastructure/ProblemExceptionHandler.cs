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

        // A value outside what the domain can represent (a year -1, a date past 9999, an empty id) that an endpoint did not
        // validate itself: still the caller's input, so 400 and nothing saved; logged as a warning so the endpoint gets a
        // proper validation of its own.
        if (Find<ArgumentException>(exception) is { } argument)
        {
            logger.LogWarning("Unvalidated input reached the domain on {Path}: {Message}", http.Request.Path, argument.Message);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = text["Error.BadRequest"] },
            });
        }

        if (Find<PostgresException>(exception) is { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal))
        {
            // Class 22, data exception: a value PostgreSQL cannot hold (a NUL character, an unpaired surrogate, an
            // out-of-range number). The transaction failed as a whole, so the caller is told plainly that nothing was saved.
            logger.LogInformation("Refused data on {Path}: SQLSTATE {SqlState}", http.Request.Path, state);
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status400BadRequest, Title = text["Error.BadRequest"] },
            });
        }

        var unavailable = IsTransient(exception);
        // A full disk or permission denied on the storage: the administrator's to fix, said plainly.
        var storage = UploadedFiles.StorageFailureKey(exception);
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
                Title = storage is not null ? text[storage]
                    : unavailable ? text["Error.DatabaseUnavailable"] : text["Error.Unexpected"],
            },
        });
    }

    private static T? Find<T>(Exception? e) where T : Exception =>
        e switch { null => null, T hit => hit, AggregateException { InnerExceptions: [var only] } => Find<T>(only), _ => Find<T>(e.InnerException) };

    /// Worth retrying later: the server is restarting or unreachable, or out of a resource (class 53: disk full, memory,
    /// connections), which a full disk or a burst of load causes and an administrator or time resolves.
    private static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        PostgresException { SqlState: "57P01" or "57P02" or "57P03" } => true,
        PostgresException { SqlState: var state } when state.StartsWith("53", StringComparison.Ordinal) => true,
        TenantUnavailableException => true,
        TimeoutException => true,
        _ => e.InnerException is { } inner && IsTransient(inner),
    };
}
