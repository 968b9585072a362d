using Hidamari.Portal.Features.Home.Searching;

namespace Hidamari.Portal.Features.Home;

public static class Configuration
{
    public static IServiceCollection AddHome(this IServiceCollection services)
    {
        services.AddScoped<HomeQueries>();
        services.AddScoped<GlobalSearch>();
        return services;
    }
}
