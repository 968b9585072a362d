using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Subsidies.Claims.Locking;

public sealed record LockClaim(long? ExpectedVersion = null);

public static class LockingClaim
{
    public static Decision<ClaimLocked> Decide(Claim claim, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return claim.Locked
            ? Decision<ClaimLocked>.Refuse("Claim", "Claims.Validation.Locked")
            : Decision<ClaimLocked>.Accept(new ClaimLocked(claim.Id, claim.TotalYen, user, now));
    }
}
