using FluentValidation;
using Hidamari.Portal.Features.Leases.Correcting;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Leases.Renewing;
using Hidamari.Portal.Features.Leases.RevisingRent;
using Hidamari.Portal.Features.Leases.Signing;
using Hidamari.Portal.Features.Leases.Terminating;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Leases;

public static class Configuration
{
    public static IServiceCollection AddLeases(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LeaseOptions>(configuration.GetSection(LeaseOptions.Section));
        services.AddSingleton<IValidator<SignLease>, SignLeaseValidator>();
        services.AddSingleton<IValidator<ReviseRent>, ReviseRentValidator>();
        services.AddSingleton<IValidator<RenewLease>, RenewLeaseValidator>();
        services.AddSingleton<IValidator<TerminateLease>, TerminateLeaseValidator>();
        services.AddSingleton<IValidator<CorrectLease>, CorrectLeaseValidator>();
        services.AddSingleton<LeaseCommands>();
        services.AddSingleton<LeaseQueries>();
        services.AddSingleton<ILeaseCosts>(sp => sp.GetRequiredService<LeaseQueries>());
        services.AddSingleton<LeaseDemoData>();
        services.ConfigureMarten(options => options.ConfigureLeases());
        return services;
    }

    public static StoreOptions ConfigureLeases(this StoreOptions options)
    {
        options.Events.AddEventType<LeaseSigned>();
        options.Events.AddEventType<LeaseRentRevised>();
        options.Events.AddEventType<LeaseRenewed>();
        options.Events.AddEventType<LeaseTerminated>();
        options.Events.AddEventType<LeaseCorrected>();
        options.Events.AddEventType<LeaseDocumentAttached>();
        // Inline: the register and the calendar read their own write at once.
        options.Projections.Add<LeaseProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<Lease>().Index(l => l.GroupHomeId);
        options.Schema.For<LeaseDocumentContent>().Index(d => d.LeaseId);
        return options;
    }
}
