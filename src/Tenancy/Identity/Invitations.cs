using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Hidamari.Tenancy.Identity;

public enum InvitationOutcome { Accepted, NeedsAccount, Invalid }

/// <summary>A tenant's administrator invites a person by e-mail; the link carries a random token valid 7 days.
/// Accepting adds the membership to the account with that e-mail, creating the account when there is none.</summary>
public sealed class Invitations(
    IDbContextFactory<PlatformDbContext> contexts, UserManager<PortalUser> users, Memberships memberships,
    IMailSender mail, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// Sends the invitation; returns the token (for the caller's own tests and logs it is never stored in clear).
    public async Task<string> InviteAsync(TenantInfo tenant, string email, string role, string invitedBy, string baseUrl, CancellationToken ct = default)
    {
        if (!Roles.IsValidFor(tenant.Kind, role)) throw new ArgumentException("Unknown role for this tenant kind.", nameof(role));
        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.Invitations.Add(new Invitation
            {
                TenantId = tenant.Id, Email = email.Trim(), Role = role, TokenHash = Hash(token), InvitedBy = invitedBy,
                ExpiresAt = clock.GetUtcNow() + Lifetime,
            });
            await db.SaveChangesAsync(ct);
        }
        var link = $"{baseUrl.TrimEnd('/')}/account/accept-invitation?token={token}";
        await mail.SendAsync(email, $"[ひだまり] {tenant.DisplayName} への招待 / Invitation to {tenant.DisplayName}",
            $"{tenant.DisplayName} から「{role}」として招待されました。次のリンクから参加してください（7日間有効）。\n" +
            $"You have been invited to {tenant.DisplayName} as '{role}'. Join with this link (valid for 7 days):\n\n{link}\n", ct);
        await audit.RecordAsync(tenant.Id, invitedBy, "invitation.sent", $"email={email} role={role}", ct);
        return token;
    }

    public async Task<Invitation?> FindOpenAsync(string token, CancellationToken ct = default)
    {
        var hash = Hash(token);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
        return invitation is { AcceptedAt: null } && invitation.ExpiresAt > clock.GetUtcNow() ? invitation : null;
    }

    /// Accepts for the signed-in person (or the account created for the invited address).
    public async Task<InvitationOutcome> AcceptAsync(string token, PortalUser user, TenantRegistry registry, CancellationToken ct = default)
    {
        var invitation = await FindOpenAsync(token, ct);
        if (invitation is null || !string.Equals(invitation.Email, user.Email, StringComparison.OrdinalIgnoreCase)) return InvitationOutcome.Invalid;
        var tenant = await registry.FindAsync(invitation.TenantId, ct);
        if (tenant is null) return InvitationOutcome.Invalid;

        var roles = (await memberships.RolesAsync(user.Id, tenant.Id, ct)).Append(invitation.Role).Distinct().ToList();
        await memberships.SetRolesAsync(tenant, user.Id, roles, user.Email ?? user.Id, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, clock.GetUtcNow()), ct);
        return InvitationOutcome.Accepted;
    }

    public Task<PortalUser?> ExistingUserAsync(string email) => users.FindByEmailAsync(email);

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
