using System.Diagnostics;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace Hidamari.Tests.Scale;

/// <summary>
/// A second project-local PostgreSQL cluster (port 54349, data under the repository's git-ignored .pgdata/),
/// started by infra/pg.sh on first use and left running like the first one. Never the shared 54329 cluster.
/// </summary>
public static class SecondPostgres
{
    public const int Port = 54349;

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// Connection string to the second server (no database named: the tenant database is added per tenant).
    public static Task<string> ServerConnectionStringAsync() => Server.Value;

    private static async Task<string> StartAsync()
    {
        var script = Path.Combine(LocalPostgres.RepositoryRoot, "infra", "pg.sh");
        var start = new ProcessStartInfo("bash", [script, "start"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["HIDAMARI_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["HIDAMARI_PG_DATA"] = Path.Combine(LocalPostgres.RepositoryRoot, ".pgdata", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            },
        };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"infra/pg.sh start (port {Port}) failed: {error}");
        return new NpgsqlConnectionStringBuilder(output.Trim()) { Database = "postgres" }.ConnectionString;
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

    /// Drops a run's databases (each DROP DATABASE waits for a checkpoint, so this takes its time); a failure is
    /// reported, not thrown, like <see cref="LocalPostgres.DropDatabasesAsync"/>.
    public static async Task DropDatabasesAsync(string prefix)
    {
        try
        {
            await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(await ServerConnectionStringAsync()) { Pooling = false, CommandTimeout = 600 }.ConnectionString);
            await conn.OpenAsync();
            foreach (var name in await DatabasesStartingWithAsync(prefix))
            {
                await using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", conn);
                await drop.ExecuteNonQueryAsync();
            }
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"cleanup: databases {prefix}* on port {Port} not dropped yet: {e.Message}");
        }
    }
}

/// The portal with two tenant servers: "default" (the shared cluster) and "second" (port 54349).
public sealed class TwoServerPortalFactory : PortalFactory
{
    public const string Second = "second";

    public string SecondServerConnectionString { get; } = SecondPostgres.ServerConnectionStringAsync().GetAwaiter().GetResult();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting($"Hidamari:Tenancy:Servers:{Second}", SecondServerConnectionString);
        builder.UseSetting("Hidamari:Tenancy:MoveDrainSeconds", "0");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await SecondPostgres.DropDatabasesAsync(DatabasePrefix);
        GC.SuppressFinalize(this);
    }
}
