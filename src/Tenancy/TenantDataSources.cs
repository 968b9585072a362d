using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Weasel.Postgresql.Connections;

namespace Hidamari.Tenancy;

/// <summary>
/// Builds the connection pools Marten uses for tenant databases and keeps the connections they hold bounded by
/// configuration rather than by the number of tenants. Every tenant database has its own pool (a PostgreSQL
/// connection belongs to one database), so without a limit each tenant active within the idle lifetime keeps
/// connections open. Two limits apply:
/// <list type="bullet">
/// <item>per pool: <see cref="TenancyOptions.MaxPoolSizePerTenant"/>, <see cref="TenancyOptions.ConnectionIdleLifetimeSeconds"/>
/// and a pruning interval to match, taken from the current options when the pool is built (not from the connection
/// string stored when the tenant was provisioned, so changing the options reaches existing tenants);</item>
/// <item>across pools: only the <see cref="TenancyOptions.WarmTenantPools"/> most recently used tenant pools keep idle
/// connections. Using another tenant cools the least recently used one, whose idle connections close at once and whose
/// busy ones close when returned (<see cref="NpgsqlDataSource.Clear"/>).</item>
/// </list>
/// Idle connections are thus at most WarmTenantPools × MaxPoolSizePerTenant; busy ones are those of requests in
/// flight. The shared database (registry, Marten's tenant table) keeps its own pool.
/// </summary>
public sealed class TenantDataSources(IOptions<TenancyOptions> options, ILogger<TenantDataSources> logger) : INpgsqlDataSourceFactory
{
    private readonly ConcurrentDictionary<string, List<NpgsqlDataSource>> _byDatabase = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _warm = new();
    private readonly Dictionary<string, LinkedListNode<string>> _warmNodes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _cooled;

    /// Tenant pools cooled so far (idle connections closed because other tenants were used since).
    public long Cooled => Interlocked.Read(ref _cooled);

    /// Tenant databases whose pools may keep idle connections now, most recently used first.
    public IReadOnlyList<string> Warm { get { lock (_gate) return [.. _warm]; } }

    /// A new pool each time: Marten builds one per tenant database and disposes it with the database (we own none).
    public NpgsqlDataSource Create(string connectionString) => Build(connectionString);

    public NpgsqlDataSource Create(string masterConnectionString, string databaseName) =>
        Create(new NpgsqlConnectionStringBuilder(masterConnectionString) { Database = databaseName }.ConnectionString);

    public bool OwnsDataSource(NpgsqlDataSource dataSource) => true;

    /// <summary>Marks a tenant database as used now; when that makes too many pools warm, the coldest one is cooled.</summary>
    public void Touch(string databaseName)
    {
        string? cool = null;
        lock (_gate)
        {
            if (_warmNodes.TryGetValue(databaseName, out var node))
            {
                if (node != _warm.First)
                {
                    _warm.Remove(node);
                    _warm.AddFirst(node);
                }
                return;
            }
            _warmNodes[databaseName] = _warm.AddFirst(databaseName);
            if (_warm.Count > Math.Max(1, options.Value.WarmTenantPools))
            {
                cool = _warm.Last!.Value;
                _warm.RemoveLast();
                _warmNodes.Remove(cool);
            }
        }
        if (cool is not null && _byDatabase.TryGetValue(cool, out var pools))
        {
            NpgsqlDataSource[] toClear;
            lock (pools) toClear = [.. pools];
            foreach (var pool in toClear)
            {
                try { pool.Clear(); }
                catch (ObjectDisposedException)
                {
                    lock (pools) pools.Remove(pool);
                }
            }
            Interlocked.Increment(ref _cooled);
        }
    }

    private NpgsqlDataSource Build(string connectionString)
    {
        var tenancy = options.Value;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = builder.Database ?? "";
        var isTenant = database.StartsWith(tenancy.DatabasePrefix, StringComparison.Ordinal);
        if (isTenant)
        {
            builder.MaxPoolSize = Math.Max(1, tenancy.MaxPoolSizePerTenant);
            builder.MinPoolSize = 0;
            builder.ConnectionIdleLifetime = Math.Max(1, tenancy.ConnectionIdleLifetimeSeconds);
            builder.ConnectionPruningInterval = Math.Clamp(tenancy.ConnectionIdleLifetimeSeconds / 2, 1, 10);
            builder.MaxAutoPrepare = Math.Max(0, tenancy.AutoPrepareStatements);
            builder.AutoPrepareMinUsages = 2;
            builder.NoResetOnClose = !tenancy.ResetConnectionsOnClose;
        }
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
        if (isTenant)
        {
            var pools = _byDatabase.GetOrAdd(database, _ => []);
            lock (pools) pools.Add(dataSource);
            // Building a pool is a use (provisioning applies the schema through it): it takes a warm place.
            Touch(database);
            logger.LogDebug("Connection pool for tenant database {Database}: at most {Max}, idle {Idle} s", database, builder.MaxPoolSize, builder.ConnectionIdleLifetime);
        }
        return dataSource;
    }
}
