using System.Diagnostics;
using Npgsql;

namespace Hidamari.Bench.Infrastructure;

/// <summary>
/// The PostgreSQL server every benchmark and its baseline run against: <c>HIDAMARI_BENCH_PG</c> when set, else the
/// project-local cluster (<c>infra/pg.sh start</c>). Benchmarks create databases under their own prefix and drop them.
/// </summary>
public static class BenchServer
{
    /// Every database a benchmark run creates starts with this, so that <c>clean</c> can find leftovers of a killed run.
    public const string Prefix = "hbench_";

    private static string? _maintenance;

    /// A connection string to the server's maintenance database, without pooling.
    public static string Maintenance => _maintenance ?? throw new InvalidOperationException("BenchServer.StartAsync first.");

    public static string RepositoryRoot { get; } = FindRoot();

    public static async Task StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("HIDAMARI_BENCH_PG");
        string url;
        if (!string.IsNullOrWhiteSpace(configured)) url = configured;
        else
        {
            var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot, "infra", "pg.sh"), "start"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            url = (await process.StandardOutput.ReadToEndAsync()).Trim();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"infra/pg.sh start failed: {error}");
        }
        _maintenance = new NpgsqlConnectionStringBuilder(url) { Database = "postgres", Pooling = false }.ConnectionString;
    }

    /// The same server, another database, with Npgsql's default pooling.
    public static string Database(string name) =>
        new NpgsqlConnectionStringBuilder(Maintenance) { Database = name, Pooling = true }.ConnectionString;

    public static async Task ExecuteAsync(string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(Maintenance) { Database = database ?? "postgres" };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 600 };
        await cmd.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(Maintenance);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var arg in args) cmd.Parameters.AddWithValue(arg);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// Server backends connected to databases whose name starts with the prefix (pg_stat_activity).
    public static Task<long> ConnectionsAsync(string databasePrefix) =>
        ScalarAsync<long>("select count(*) from pg_stat_activity where starts_with(datname, $1)", databasePrefix);

    public static Task<long> AllConnectionsAsync() =>
        ScalarAsync<long>("select count(*) from pg_stat_activity where backend_type = 'client backend'");

    public static Task<int> MaxConnectionsAsync() =>
        ScalarAsync<string>("show max_connections").ContinueWith(t => int.Parse(t.Result, System.Globalization.CultureInfo.InvariantCulture));

    public static async Task DropDatabasesAsync(string prefix)
    {
        if (!prefix.StartsWith(Prefix, StringComparison.Ordinal)) throw new ArgumentException("Only benchmark databases are dropped.", nameof(prefix));
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Maintenance);
        await conn.OpenAsync();
        var names = new List<string>();
        await using (var cmd = new NpgsqlCommand("select datname from pg_database where starts_with(datname, $1)", conn))
        {
            cmd.Parameters.AddWithValue(prefix);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        // Each DROP DATABASE waits for a checkpoint; drops running side by side share one, so several go at once.
        await Parallel.ForEachAsync(names, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (name, ct) =>
        {
            await using var own = new NpgsqlConnection(Maintenance);
            await own.OpenAsync(ct);
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", own) { CommandTimeout = 600 };
            await drop.ExecuteNonQueryAsync(ct);
        });
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hidamari.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
