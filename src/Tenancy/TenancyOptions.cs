namespace Hidamari.Tenancy;

public sealed class TenancyOptions
{
    public const string Section = "Hidamari:Tenancy";

    /// Connection string of the shared database (registry, identity). Its server is also the default tenant server.
    public string ConnectionString { get; set; } = "";

    /// Prefix of every tenant database name; tests use their own so that runs never meet.
    public string DatabasePrefix { get; set; } = "hidamari_t_";

    /// Additional PostgreSQL servers tenants may be placed on, by name. "default" is the shared database's server.
    public Dictionary<string, string> Servers { get; set; } = new();

    /// Upper bound of each tenant's connection pool, so that connections grow with load, not with tenant count.
    public int MaxPoolSizePerTenant { get; set; } = 10;

    /// Seconds an idle pooled connection is kept before it is closed.
    public int ConnectionIdleLifetimeSeconds { get; set; } = 60;

    public const string DefaultServer = "default";

    public IReadOnlyDictionary<string, string> AllServers()
    {
        var all = new Dictionary<string, string>(Servers, StringComparer.Ordinal) { [DefaultServer] = ConnectionString };
        return all;
    }
}
