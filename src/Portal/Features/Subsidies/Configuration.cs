using FluentValidation;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Features.Subsidies.Claims.Adjusting;
using Hidamari.Portal.Features.Subsidies.Claims.Correcting;
using Hidamari.Portal.Features.Subsidies.Claims.Preparing;
using Hidamari.Portal.Features.Subsidies.Claims.Recalculating;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Portal.Features.Subsidies.RateTables.Publishing;
using Hidamari.Tenancy;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Options;

namespace Hidamari.Portal.Features.Subsidies;

/// <summary>
/// The shared reference store: rate tables every tenant reads, kept in the platform database under schema
/// "reference" and maintained by the operator. Not tenanted.
/// </summary>
public interface IReferenceStore : IDocumentStore;

public static class Configuration
{
    public static IServiceCollection AddSubsidies(this IServiceCollection services)
    {
        services.AddMartenStore<IReferenceStore>(sp =>
        {
            var options = new StoreOptions();
            options.Connection(sp.GetRequiredService<IOptions<TenancyOptions>>().Value.ConnectionString);
            options.DatabaseSchemaName = "reference";
            options.Events.DatabaseSchemaName = "reference";
            options.Events.StreamIdentity = StreamIdentity.AsGuid;
            options.Events.MetadataConfig.UserNameEnabled = true;
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
            options.ConfigureRateTables();
            return options;
        });
        services.AddSingleton<IValidator<PublishRateTableVersion>, PublishRateTableVersionValidator>();
        services.AddSingleton<RateTableCommands>();
        services.AddSingleton<RateTableQueries>();
        services.AddSingleton<SubsidyEstimates>();
        services.AddSingleton<IValidator<EstimateRequest>, EstimateRequestValidator>();
        services.AddSingleton<IValidator<OpeningCostPlan>, OpeningCostPlanValidator>();
        services.AddSingleton<IValidator<YearViewRequest>, YearViewRequestValidator>();
        services.AddHostedService<RateTableSeeding>();

        services.AddSingleton<IValidator<PrepareClaim>, PrepareClaimValidator>();
        services.AddSingleton<IValidator<AdjustClaimLine>, AdjustClaimLineValidator>();
        services.AddSingleton<IValidator<CorrectClaim>, CorrectClaimValidator>();
        services.AddSingleton<IValidator<RecalculateClaim>, RecalculateClaimValidator>();
        services.AddSingleton<ClaimCommands>();
        services.AddSingleton<ClaimQueries>();
        services.ConfigureMarten(options => options.ConfigureClaims());
        return services;
    }

    /// Claims are the corporation's own: events and read model in the tenant's store.
    public static StoreOptions ConfigureClaims(this StoreOptions options)
    {
        options.Events.AddEventType<ClaimPrepared>();
        options.Events.AddEventType<ClaimLineAdjusted>();
        options.Events.AddEventType<ClaimRecalculated>();
        options.Events.AddEventType<ClaimLocked>();
        options.Projections.Add<ClaimProjection>(ProjectionLifecycle.Inline);
        return options;
    }

    public static StoreOptions ConfigureRateTables(this StoreOptions options)
    {
        options.Events.AddEventType<RateTableVersionPublished>();
        options.Events.AddEventType<RateTableVersionSuperseded>();
        options.Projections.Add<RateTableVersionProjection>(ProjectionLifecycle.Inline);
        // Version numbers are what statements cite: two publications racing for the same number must not both win.
        options.Schema.For<RateTableVersion>().UniqueIndex(v => v.Number);
        return options;
    }
}

/// Publishes the FY2011 seed version when the reference store is empty (after the platform database exists).
public sealed class RateTableSeeding(RateTableCommands commands) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => commands.EnsureSeededAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
