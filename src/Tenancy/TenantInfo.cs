using System.Text.RegularExpressions;

namespace Hidamari.Tenancy;

public enum TenantKind
{
    /// 社会福祉法人: runs children's homes and group homes.
    Corporation,
    /// 都道府県・指定都市・児童相談所設置市: reviews what corporations submit.
    Municipality,
}

public enum TenantStatus
{
    Provisioning,
    Active,
    Maintenance,
    Closed,
}

/// <summary>
/// A tenant as the registry knows it. Instances come only from <see cref="TenantRegistry"/>, so holding one
/// means the id was validated and found: only these ever reach Marten.
/// </summary>
public sealed record TenantInfo(
    string Id,
    TenantKind Kind,
    string DisplayName,
    string Jurisdiction,
    string Server,
    string DatabaseName,
    TenantStatus Status,
    DateTimeOffset CreatedAt);

public static partial class TenantIds
{
    /// Lower-case slug, 2–40 characters: safe in a URL, a database name and a log line.
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);
}
