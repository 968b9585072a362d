using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hidamari.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    /// Registry, provisioning, and one Marten store with a database per tenant. Features add their events and
    /// projections with <c>services.ConfigureMarten(...)</c>.
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TenancyOptions>()
            .Bind(configuration.GetSection(TenancyOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.ConnectionString))
                    o.ConnectionString = configuration.GetConnectionString("Hidamari") ?? "";
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                "No database configured: set ConnectionStrings:Hidamari (run.sh starts a local PostgreSQL and sets it).")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new PlatformDatabase(
            NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<TenancyOptions>>().Value.ConnectionString)));
        services.AddSingleton<TenantRegistry>();
        services.AddSingleton<TenantStores>();
        services.AddSingleton<TenantDataSources>();
        services.AddSingleton<TenantProvisioner>();
        services.AddSingleton<TenantDatabases>();
        services.AddSingleton<TenantSchemaGate>();
        services.AddSingleton<TenantMigrator>();
        services.AddSingleton<TenantMover>();
        services.AddSingleton<TenantLifecycle>();
        services.AddSingleton<TenancyStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<TenancyStartup>());
        services.AddSingleton<TenantRegistryListener>();
        services.AddHostedService(sp => sp.GetRequiredService<TenantRegistryListener>());

        services.AddMarten(sp =>
            {
                var tenancy = sp.GetRequiredService<IOptions<TenancyOptions>>().Value;
                var options = new StoreOptions();
                // Tenant pools bounded per tenant and in total (TenantDataSources); set before the tenancy builds any.
                options.DataSourceFactory(sp.GetRequiredService<TenantDataSources>());
                options.MultiTenantedDatabasesWithMasterDatabaseTable(tenancy.ConnectionString, "marten_tenancy");
                options.Events.StreamIdentity = StreamIdentity.AsGuid;
                options.Events.MetadataConfig.UserNameEnabled = true;
                options.Events.TimeProvider = new DatabasePrecisionTimeProvider();
                options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
                options.DatabaseSchemaName = "hidamari";
                return options;
            })
            .UseLightweightSessions();

        return services;
    }

    public static IApplicationBuilder UseTenantRouting(this IApplicationBuilder app) =>
        app.UseMiddleware<TenantRouteMiddleware>();
}

/// <summary>
/// Event timestamps at the precision PostgreSQL stores (microseconds; .NET ticks are 100 ns), so that a read model an
/// inline projection builds at append time equals the one rebuilt later from the stored events (restore, replay).
/// </summary>
internal sealed class DatabasePrecisionTimeProvider : TimeProvider
{
    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}

/// Creates the shared database and its tables; tenant databases are created by the provisioner.
public sealed class TenancyStartup(IOptions<TenancyOptions> options, TenantRegistry registry, IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PlatformDatabase.EnsureExistsAsync(options.Value.ConnectionString, cancellationToken);
        await registry.EnsureSchemaAsync(cancellationToken);
        var tenancy = (MasterTableTenancy)((DocumentStore)store).Options.Tenancy;
        await tenancy.TenantDatabase.ApplyAllConfiguredChangesToDatabaseAsync(ct: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
