namespace Hidamari.Portal.Features.Standards;

public static class Configuration
{
    public static IServiceCollection AddStandards(this IServiceCollection services)
    {
        services.AddSingleton(_ => StandardsCatalog.Shipped());
        services.AddSingleton<StandardsQueries>();
        return services;
    }
}
