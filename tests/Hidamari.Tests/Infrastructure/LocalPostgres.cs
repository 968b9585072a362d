using System.Diagnostics;
using Npgsql;

namespace Hidamari.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server tests run against: <c>HIDAMARI_TEST_PG</c> when set, else the project-local cluster,
/// started by <c>infra/pg.sh</c> when it is not running (so <c>dotnet test --filter Category=X</c> works alone).
/// </summary>
public static class LocalPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// A connection string to the server's maintenance database.
    public static Task<string> ServerConnectionStringAsync() => Server.Value;

    public static string RepositoryRoot { get; } = FindRoot();

    private static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("HIDAMARI_TEST_PG");
        if (!string.IsNullOrWhiteSpace(configured)) return configured;

        var script = Path.Combine(RepositoryRoot, "infra", "pg.sh");
        var start = new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"infra/pg.sh start failed: {error}");
        var builder = new NpgsqlConnectionStringBuilder(output.Trim()) { Database = "postgres" };
        return builder.ConnectionString;
    }

    /// Drops every database whose name starts with the prefix (a test run's own databases). A database that cannot
    /// be dropped now (a busy server) is left for the next run's sweep rather than failing the tests that used it.
    public static async Task DropDatabasesAsync(string prefix, string? server = null)
    {
        try
        {
            await DropNowAsync(prefix, server ?? await ServerConnectionStringAsync());
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"cleanup: databases {prefix}* not dropped yet: {e.Message}");
        }
    }

    private static async Task DropNowAsync(string prefix, string server)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Pooling = false, CommandTimeout = 300 };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync();
        var names = new List<string>();
        await using (var cmd = new NpgsqlCommand("select datname from pg_database where starts_with(datname, $1)", conn))
        {
            cmd.Parameters.AddWithValue(prefix);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        }
        foreach (var name in names)
        {
            await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
            await drop.ExecuteNonQueryAsync();
        }
    }

    public static async Task<IReadOnlyList<string>> DatabasesStartingWithAsync(string prefix)
    {
        await using var conn = new NpgsqlConnection(await ServerConnectionStringAsync());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select datname from pg_database where starts_with(datname, $1) order by 1", conn);
        cmd.Parameters.AddWithValue(prefix);
        await using var reader = await cmd.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hidamari.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Cannot find the repository root (Hidamari.slnx).");
    }
}
