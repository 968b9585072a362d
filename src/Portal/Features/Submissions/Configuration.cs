using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Portal.Features.Submissions.Progress;
using JasperFx.Events.Projections;
using Marten;

namespace Hidamari.Portal.Features.Submissions;

public static class Configuration
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<DeliveryOptions>(configuration.GetSection(DeliveryOptions.Section));
        services.AddSingleton<SubmissionCommands>();
        services.AddSingleton<SubmissionQueries>();
        services.AddSingleton<SubmissionDelivery>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<SetagayaSubmissions>();
        services.AddHostedService<DeliveryService>();
        services.ConfigureMarten(options =>
        {
            options.Events.AddEventType<SubmissionSent>();
            options.Events.AddEventType<SubmissionAcknowledged>();
            options.Events.AddEventType<ReviewUpdateReceived>();
            options.Events.AddEventType<SubmissionReceived>();
            options.Events.AddEventType<ReviewerAssigned>();
            options.Events.AddEventType<LineCommented>();
            options.Events.AddEventType<SubmissionReturned>();
            options.Events.AddEventType<SubmissionAccepted>();
            options.Events.AddEventType<TargetSet>();
            options.Projections.Add<SentSubmissionProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ReceivedSubmissionProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<PlanTargetsProjection>(ProjectionLifecycle.Inline);
            options.Projections.Add<ProgressEntryProjection>(ProjectionLifecycle.Inline);
            // One version number per document, even when two people submit at once (the second is refused, 409).
            options.Schema.For<SentSubmission>().UniqueIndex(s => s.Document, s => s.DocumentVersion);
            options.Schema.For<ReceivedSubmission>().Index(s => s.Status);
            options.Schema.For<ProgressEntry>().Index(s => s.Status);
            options.Schema.For<OutboxMessage>().Index(m => m.DeliveredAt);
        });
        return services;
    }
}
