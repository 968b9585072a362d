using Hidamari.Portal.Infrastructure;

namespace Hidamari.Portal.Features.Subsidies.Claims.Locking;

public sealed record LockClaim(long? ExpectedVersion = null);

public static class LockingClaim
{
    /// A claim is locked once, and only when the rate table priced every line it needed: a statement with missing
    /// rates would claim too little without saying so.
    public static Decision<ClaimLocked> Decide(Claim claim, string user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (claim.Locked) return Decision<ClaimLocked>.Refuse("Claim", "Claims.Validation.Locked");
        if (!claim.Statement.IsComplete) return Decision<ClaimLocked>.Refuse("Claim", "Claims.Validation.Incomplete");
        return Decision<ClaimLocked>.Accept(new ClaimLocked(claim.Id, claim.TotalYen, user, now));
    }
}
