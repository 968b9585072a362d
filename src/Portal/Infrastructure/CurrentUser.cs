using System.Security.Claims;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Components.Authorization;

namespace Hidamari.Portal.Infrastructure;

/// <summary>Who is acting, for pages: events are attributed to this name.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication)
{
    public async Task<ClaimsPrincipal> PrincipalAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    public async Task<string> NameAsync() => TenantAccess.ActorName(await PrincipalAsync());
}
