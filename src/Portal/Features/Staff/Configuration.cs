using FluentValidation;
using Hidamari.Portal.Features.Staff.Assigning;
using Hidamari.Portal.Features.Staff.ChangingEmployment;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Features.Staff.Leaving;
using Hidamari.Portal.Features.Staff.Qualifying;
using Hidamari.Portal.Features.Staff.Training;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Staff;

public static class Configuration
{
    public static IServiceCollection AddStaff(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StaffOptions>(configuration.GetSection(StaffOptions.Section));
        services.AddSingleton<IValidator<HireStaffMember>, HireStaffMemberValidator>();
        services.AddSingleton<IValidator<AssignStaffMember>, AssignStaffMemberValidator>();
        services.AddSingleton<IValidator<ChangeEmployment>, ChangeEmploymentValidator>();
        services.AddSingleton<IValidator<RecordQualification>, RecordQualificationValidator>();
        services.AddSingleton<IValidator<RecordDeparture>, RecordDepartureValidator>();
        services.AddSingleton<IValidator<RecordStaffingInputs>, RecordStaffingInputsValidator>();
        services.AddSingleton<IValidator<CreateCourse>, CreateCourseValidator>();
        services.AddSingleton<IValidator<RecordSession>, RecordSessionValidator>();
        services.AddSingleton<IValidator<PlanTraining>, PlanTrainingValidator>();
        services.AddSingleton<IResidentCountsSource, RecordedStaffingInputsSource>();
        services.AddSingleton<StaffCommands>();
        services.AddSingleton<StaffQueries>();
        services.AddSingleton<IStaffingAddOns>(sp => sp.GetRequiredService<StaffQueries>());
        services.AddSingleton<Importing.StaffImport>();
        services.AddSingleton<TrainingCommands>();
        services.AddSingleton<StaffDemoData>();
        services.AddSingleton<TrainingQueries>();
        services.AddSingleton<ITrainingCosts>(sp => sp.GetRequiredService<TrainingQueries>());
        services.ConfigureMarten(options => options.ConfigureStaff());
        return services;
    }

    public static StoreOptions ConfigureStaff(this StoreOptions options)
    {
        options.Events.AddEventType<StaffMemberHired>();
        options.Events.AddEventType<StaffEmploymentChanged>();
        options.Events.AddEventType<StaffAssigned>();
        options.Events.AddEventType<QualificationRecorded>();
        options.Events.AddEventType<StaffMemberLeft>();
        options.Events.AddEventType<StaffingInputsRecorded>();
        options.Events.AddEventType<TrainingCourseCreated>();
        options.Events.AddEventType<TrainingSessionRecorded>();
        options.Events.AddEventType<TrainingPlanned>();
        // Inline: pages read their own write at once. Each record keeps its dated history, so "as of" needs no replay.
        options.Projections.Snapshot<StaffRecord>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<TrainingCourse>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<TrainingPlan>(SnapshotLifecycle.Inline);
        options.Projections.Snapshot<FacilityStaffingInputs>(SnapshotLifecycle.Inline);
        return options;
    }
}
