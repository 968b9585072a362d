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

    /// <summary>
    /// How many tenant pools may keep idle connections: the most recently used ones. Using another tenant closes the
    /// idle connections of the least recently used one, so idle tenant connections stay at most
    /// WarmTenantPools × MaxPoolSizePerTenant whatever the number of tenants (<see cref="TenantDataSources"/>).
    /// </summary>
    public int WarmTenantPools { get; set; } = 10;

    /// <summary>
    /// Statements each tenant connection prepares on the server once they have run twice (Npgsql <c>Max Auto Prepare</c>;
    /// 0 turns it off). Marten sends the same few statements over and over (fetch a stream's version and document,
    /// <c>mt_quick_append_events</c>, a document upsert): prepared, PostgreSQL skips parsing and planning them each time.
    /// A statement whose tables a migration changed is re-prepared by Npgsql after the first failure.
    /// </summary>
    public int AutoPrepareStatements { get; set; } = 64;

    /// <summary>
    /// Whether a tenant connection is reset (<c>DISCARD ALL</c>) when it goes back to its pool. Nothing that runs on tenant
    /// connections leaves session state behind (no <c>SET</c>, <c>LISTEN</c>, session advisory locks or temporary tables
    /// outside a transaction), so by default they are not reset, which saves the reset's work on every pooled use.
    /// </summary>
    public bool ResetConnectionsOnClose { get; set; }

    public const string DefaultServer = "default";

    /// Seconds a tenant move waits in Maintenance before copying, so that every portal instance has seen the status
    /// (the registry caches for 15 s). Tests with a single process set it to 0.
    public int MoveDrainSeconds { get; set; } = 16;

    /// Connection string of a tenant database on a named server, with the pool bounded per tenant.
    public string TenantConnectionString(string server, string databaseName) =>
        new Npgsql.NpgsqlConnectionStringBuilder(AllServers().TryGetValue(server, out var connection)
            ? connection
            : throw new InvalidOperationException($"No PostgreSQL server named '{server}' is configured (Hidamari:Tenancy:Servers)."))
        {
            Database = databaseName,
            MaxPoolSize = MaxPoolSizePerTenant,
            ConnectionIdleLifetime = ConnectionIdleLifetimeSeconds,
        }.ConnectionString;

    public IReadOnlyDictionary<string, string> AllServers()
    {
        var all = new Dictionary<string, string>(Servers, StringComparer.Ordinal) { [DefaultServer] = ConnectionString };
        return all;
    }
}
