namespace Hidamari.Portal.Features.TenantArchives;

public static class Configuration
{
    public static IServiceCollection AddTenantArchives(this IServiceCollection services)
    {
        services.AddSingleton<TenantArchive>();
        services.AddSingleton<TenantImport>();
        services.AddScoped<TenantClosures>();
        return services;
    }
}
