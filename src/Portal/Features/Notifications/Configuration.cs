using Hidamari.Portal.Infrastructure;
using Marten;

namespace Hidamari.Portal.Features.Notifications;

public static class Configuration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<NotificationOptions>(configuration.GetSection(NotificationOptions.Section));
        services.AddUserPreferences();
        services.AddSingleton<NotificationSignal>();
        services.AddSingleton<NotificationMailer>();
        services.AddSingleton<NotificationPublisher>();
        services.AddSingleton<NotificationQueries>();
        services.AddScoped<NotificationText>();
        services.AddSingleton<NotificationDigestService>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationDigestService>());
        services.ConfigureMarten(options =>
        {
            options.Schema.For<Notification>().Index(n => n.UserId);
            options.Schema.For<NotificationPreferences>();
        });
        return services;
    }
}
