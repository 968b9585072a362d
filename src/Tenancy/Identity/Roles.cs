namespace Hidamari.Tenancy.Identity;

/// <summary>Roles a person holds in one tenant, and the platform's own operator role.</summary>
public static class Roles
{
    // 社会福祉法人
    public const string Manager = "manager";
    public const string Finance = "finance";
    public const string StaffViewer = "staff-viewer";
    // 自治体
    public const string Reviewer = "reviewer";
    public const string Approver = "approver";
    // Platform: manages tenants, never their contents.
    public const string Operator = "operator";

    public static IReadOnlyList<string> For(TenantKind kind) => kind switch
    {
        TenantKind.Corporation => [Manager, Finance, StaffViewer],
        _ => [Reviewer, Approver],
    };

    /// Roles that may change a tenant's data by default (endpoints may ask for narrower ones).
    public static IReadOnlyList<string> Writers(TenantKind kind) => kind switch
    {
        TenantKind.Corporation => [Manager, Finance],
        _ => [Reviewer, Approver],
    };

    /// Roles that manage a tenant's people and API clients.
    public static IReadOnlyList<string> Administrators(TenantKind kind) => kind switch
    {
        TenantKind.Corporation => [Manager],
        _ => [Approver],
    };

    public static bool IsValidFor(TenantKind kind, string role) => For(kind).Contains(role);
}
