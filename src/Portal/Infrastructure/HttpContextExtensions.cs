namespace Hidamari.Portal.Infrastructure;

public static class HttpContextExtensions
{
    /// Who an event is attributed to. Until sign-in exists every request is anonymous.
    public static string UserName(this HttpContext http) => http.User.Identity?.Name ?? "anonymous";
}
