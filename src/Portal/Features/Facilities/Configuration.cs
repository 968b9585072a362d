using FluentValidation;
using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.Closing;
using Hidamari.Portal.Features.Facilities.CountingResidents;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Facilities.MovingGroupHome;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.RecordingRoom;
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
        services.AddSingleton<IValidator<AddLivingUnit>, AddLivingUnitValidator>();
        services.AddSingleton<IValidator<ChangeLivingUnitCapacity>, ChangeLivingUnitCapacityValidator>();
        services.AddSingleton<IValidator<ChangeGroupHomeCapacity>, ChangeGroupHomeCapacityValidator>();
        services.AddSingleton<IValidator<CloseLivingUnit>, CloseLivingUnitValidator>();
        services.AddSingleton<IValidator<CloseGroupHome>, CloseGroupHomeValidator>();
        services.AddSingleton<IValidator<MoveGroupHome>, MoveGroupHomeValidator>();
        services.AddSingleton<IValidator<CountResidents>, CountResidentsValidator>();
        services.AddSingleton<IValidator<RecordRoom>, RecordRoomValidator>();
        services.AddSingleton<FacilityCommands>();
        services.AddSingleton<FacilityQueries>();
        services.AddSingleton<IndicatorQueries>();
        services.AddSingleton<Timeline.TimelineQueries>();
        services.ConfigureMarten(options => options.ConfigureFacilities());
        return services;
    }

    public static StoreOptions ConfigureFacilities(this StoreOptions options)
    {
        foreach (var type in FacilityHistory.EventTypes) options.Events.AddEventType(type);
        // Inline: the document reads its own write at once.
        options.Projections.Add<FacilityOverviewProjection>(ProjectionLifecycle.Inline);
        // Commands fetch the overview for writing (FacilityCommands.FetchAsync); with this the session keeps it, and
        // the inline projection applies the appended event to it instead of loading it a second time. Safe because
        // the aggregates are immutable records that only Marten changes.
        options.Events.UseIdentityMapForAggregates = true;
        return options;
    }
}
