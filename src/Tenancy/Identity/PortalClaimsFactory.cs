using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hidamari.Tenancy.Identity;

/// Puts the platform operator flag into the sign-in cookie (tenant roles are never in it: they are read per request).
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    public const string OperatorClaim = "hidamari_operator";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.IsOperator) identity.AddClaim(new Claim(OperatorClaim, "true"));
        return identity;
    }
}
