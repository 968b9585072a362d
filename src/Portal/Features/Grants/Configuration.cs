using FluentValidation;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Grants.Settling;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Submissions.Delivery;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Grants;

public static class Configuration
{
    public static IServiceCollection AddGrants(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<PublishProgramme>, PublishProgrammeValidator>();
        services.AddSingleton<IValidator<StartDraft>, StartDraftValidator>();
        services.AddSingleton<IValidator<EditDraft>, EditDraftValidator>();
        services.AddSingleton<IValidator<RequestChange>, RequestChangeValidator>();
        services.AddSingleton<IValidator<ReportActuals>, ReportActualsValidator>();
        services.AddSingleton<IValidator<CommentGrant>, CommentGrantValidator>();
        services.AddSingleton<IValidator<ReturnGrant>, ReturnGrantValidator>();
        services.AddSingleton<IValidator<DecideGrant>, DecideGrantValidator>();
        services.AddSingleton<IValidator<ApproveChange>, ApproveChangeValidator>();
        services.AddSingleton<IValidator<RecordPayment>, RecordPaymentValidator>();
        services.AddSingleton<IValidator<CancelGrant>, CancelGrantValidator>();
        services.AddSingleton<IValidator<RecordRepayment>, RecordRepaymentValidator>();
        services.AddSingleton<IValidator<Purchases.RecordEquipmentPurchase>, Purchases.RecordEquipmentPurchaseValidator>();
        services.AddSingleton<IValidator<Purchases.MarkEquipmentPurchased>, Purchases.MarkEquipmentPurchasedValidator>();
        services.AddSingleton<IValidator<Purchases.RemoveEquipmentPurchase>, Purchases.RemoveEquipmentPurchaseValidator>();
        services.AddSingleton<IValidator<Purchases.ChangeEquipmentPurpose>, Purchases.ChangeEquipmentPurposeValidator>();
        services.AddSingleton<Purchases.PurchaseCommands>();
        services.AddSingleton<Purchases.PurchaseQueries>();
        services.AddSingleton<GrantRecords>();
        services.AddSingleton<GrantRecordsDemoData>();
        services.AddSingleton<GrantCommands>();
        services.AddSingleton<GrantQueries>();
        services.AddSingleton<Attaching.GrantFiles>();
        services.AddSingleton<GrantDemoData>();
        services.AddSingleton<IDeliveryExtension, GrantDelivery>();
        services.AddHostedService<GrantTemplateSeeding>();
        services.ConfigureMarten(options => options.ConfigureGrants());
        return services;
    }

    /// Applications (corporation) and cases (municipality) live in the tenant's own store.
    public static StoreOptions ConfigureGrants(this StoreOptions options)
    {
        options.Events.AddEventType<GrantDraftStarted>();
        options.Events.AddEventType<GrantDraftEdited>();
        options.Events.AddEventType<GrantDocumentSent>();
        options.Events.AddEventType<GrantStepReceived>();
        options.Events.AddEventType<GrantDocumentReceived>();
        options.Events.AddEventType<GrantReviewerAssigned>();
        options.Events.AddEventType<GrantCommented>();
        options.Events.AddEventType<GrantReturned>();
        options.Events.AddEventType<GrantDecided>();
        options.Events.AddEventType<GrantChangeApproved>();
        options.Events.AddEventType<GrantAmountFixed>();
        options.Events.AddEventType<GrantPaid>();
        options.Events.AddEventType<GrantCancelled>();
        options.Events.AddEventType<GrantRepaymentReceived>();
        options.Events.AddEventType<Attaching.GrantFileAttached>();
        options.Events.AddEventType<Attaching.GrantFileRemoved>();
        options.Schema.For<Attaching.GrantFileContent>().Index(f => f.ApplicationId);
        options.Projections.Add<GrantApplicationProjection>(ProjectionLifecycle.Inline);
        options.Projections.Add<GrantCaseProjection>(ProjectionLifecycle.Inline);
        options.Schema.For<GrantCase>().Index(c => c.ProgrammeKey);
        // 備品購入リスト: one stream per group home (Purchases/EquipmentList.cs).
        options.Events.AddEventType<Purchases.EquipmentPurchaseRecorded>();
        options.Events.AddEventType<Purchases.EquipmentPurchased>();
        options.Events.AddEventType<Purchases.EquipmentPurchaseRemoved>();
        options.Events.AddEventType<Purchases.EquipmentPurposeChanged>();
        options.Projections.Add<Purchases.EquipmentListProjection>(ProjectionLifecycle.Inline);
        return options;
    }
}

/// Publishes the national programme templates into the shared reference store when they are missing.
public sealed class GrantTemplateSeeding(GrantCommands commands) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => commands.EnsureTemplatesAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
