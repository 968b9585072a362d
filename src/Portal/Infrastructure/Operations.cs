using Hidamari.Tenancy;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hidamari.Portal.Infrastructure;

/// <summary>
/// What an orchestrator and an operator see of a running instance: <c>/healthz</c> (liveness: the process answers),
/// <c>/readyz</c> (readiness: the shared database answers), and OpenTelemetry traces and metrics from ASP.NET Core,
/// HttpClient, Npgsql and Marten. Requests under a tenant carry <c>hidamari.tenant</c> (set by the tenant middleware).
/// Traces and metrics are collected only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is configured: without an exporter
/// nobody reads them, and recording a span for every request, HTTP call and database command cost CPU on every request.
/// </summary>
public static class Operations
{
    public const string ServiceName = "hidamari-portal";

    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: ["live"])
            .AddCheck<SharedDatabaseHealthCheck>("shared-database", tags: ["ready"]);

        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(ServiceName))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddNpgsql()
                    .AddSource("Marten")
                    .AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddNpgsqlInstrumentation()
                    .AddMeter("Marten")
                    .AddOtlpExporter();
            });
        return services;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new() { Predicate = c => c.Tags.Contains("live") }).DisableRateLimiting();
        app.MapHealthChecks("/readyz", new() { Predicate = c => c.Tags.Contains("ready") }).DisableRateLimiting();
        return app;
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}

/// Ready when the shared database (registry, identity, Data Protection keys) answers a trivial query.
internal sealed class SharedDatabaseHealthCheck(PlatformDatabase platform) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var cmd = platform.DataSource.CreateCommand("select 1");
            await cmd.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The shared database does not answer.", e);
        }
    }
}
