using FluentValidation;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Facilities;

public static class Configuration
{
    public static IServiceCollection AddFacilities(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<RegisterFacility>, RegisterFacilityValidator>();
        services.AddSingleton<IValidator<OpenGroupHome>, OpenGroupHomeValidator>();
        services.AddSingleton<FacilityCommands>();
        services.AddSingleton<FacilityQueries>();
        services.ConfigureMarten(options => options.ConfigureFacilities());
        return services;
    }

    public static StoreOptions ConfigureFacilities(this StoreOptions options)
    {
        options.Events.AddEventType<FacilityRegistered>();
        options.Events.AddEventType<GroupHomeOpened>();
        // Inline: the grid reads its own write at once.
        options.Projections.Add<FacilityOverviewProjection>(ProjectionLifecycle.Inline);
        return options;
    }
}
