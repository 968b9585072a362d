using Hidamari.Billing;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Billing;

public static class Configuration
{
    /// Billing (src/Billing) with the portal's own words for its refusals.
    public static IServiceCollection AddBillingFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IReadOnlyMessages, LocalizedReadOnlyMessages>();
        services.AddBilling(configuration);
        return services;
    }
}

/// The read-only refusal in the caller's language (strings.billing.tsv).
internal sealed class LocalizedReadOnlyMessages(IStringLocalizer<SharedResource> text) : IReadOnlyMessages
{
    public (string Title, string Detail) ReadOnly(Entitlement entitlement) =>
        (text["Billing.ReadOnly.Title"], text[$"Billing.ReadOnly.{entitlement.Reason}"]);
}
