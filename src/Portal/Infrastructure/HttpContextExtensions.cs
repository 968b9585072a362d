using Hidamari.Tenancy.Identity;

namespace Hidamari.Portal.Infrastructure;

public static class HttpContextExtensions
{
    /// Who an event is attributed to: the signed-in person's e-mail, or the API client's id.
    public static string UserName(this HttpContext http) => TenantAccess.ActorName(http.User);
}
