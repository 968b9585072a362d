using FluentValidation;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Plans;

public static class Configuration
{
    public static IServiceCollection AddPlans(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<SetPlanYear>, SetPlanYearValidator>();
        services.AddSingleton<IValidator<SetPlanSteps>, SetPlanStepsValidator>();
        services.AddSingleton<PlanCommands>();
        services.AddSingleton<PlanQueries>();
        services.ConfigureMarten(options =>
        {
            options.Events.AddEventType<PlanYearSet>();
            options.Events.AddEventType<PlanYearRemoved>();
            options.Events.AddEventType<PlanImported>();
            options.Events.AddEventType<PlanStepsSet>();
            options.Projections.Add<DecentralizationPlanProjection>(ProjectionLifecycle.Inline);
        });
        return services;
    }
}
