using Microsoft.AspNetCore.Components.Authorization;

namespace Hidamari.Portal.Infrastructure;

/// <summary>Who is acting, for pages: events are attributed to this name.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<string> NameAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return state.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : "anonymous";
    }
}
