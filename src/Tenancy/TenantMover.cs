using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hidamari.Tenancy;

public sealed class TenantMoveException(string message) : Exception(message);

/// <summary>
/// Moves a tenant's database to another PostgreSQL server: Maintenance (reads served, writes refused with 503),
/// wait until every instance has seen it, copy (pg_dump -Fc | pg_restore into a new database on the target),
/// verify (event and stream counts equal), switch (Marten's master table, then registry location + Active in one
/// statement), and make this process's store forget the old database (other instances switch when their registry
/// cache shows the new location: <see cref="TenantSchemaGate"/>). The old database is kept, no longer referenced,
/// for the operator to drop after checking.
/// On a failure before the switch the tenant goes back to Active on its old server.
/// </summary>
public sealed class TenantMover(
    TenantRegistry registry,
    TenantDatabases databases,
    TenantSchemaGate gate,
    IOptions<TenancyOptions> options,
    ILogger<TenantMover> logger)
{
    public async Task<TenantInfo> MoveAsync(string tenantId, string targetServer, Action<string> progress, CancellationToken ct = default)
    {
        var servers = options.Value.AllServers();
        if (!servers.ContainsKey(targetServer)) throw new TenantMoveException($"No PostgreSQL server named '{targetServer}'. Known: {string.Join(", ", servers.Keys)}");
        var tenant = await registry.FindAsync(tenantId, ct) ?? throw new TenantMoveException($"No tenant '{tenantId}'.");
        if (tenant.Status is not (TenantStatus.Active or TenantStatus.Maintenance)) throw new TenantMoveException($"Tenant '{tenantId}' is {tenant.Status}; only an active tenant can be moved.");
        if (tenant.Server == targetServer) throw new TenantMoveException($"Tenant '{tenantId}' is already on '{targetServer}'.");

        var source = options.Value.TenantConnectionString(tenant.Server, tenant.DatabaseName);
        var target = options.Value.TenantConnectionString(targetServer, tenant.DatabaseName);

        progress($"1/6 maintenance: {tenant.Id} refuses writes (reads still served)");
        await registry.SetStatusAsync(tenant.Id, TenantStatus.Maintenance, ct);
        var switched = false;
        try
        {
            var drain = TimeSpan.FromSeconds(options.Value.MoveDrainSeconds);
            if (drain > TimeSpan.Zero)
            {
                progress($"2/6 waiting {drain.TotalSeconds:0} s until every portal instance has seen the maintenance status");
                await Task.Delay(drain, ct);
            }
            else progress("2/6 no drain wait configured");

            progress($"3/6 copying {tenant.Server}/{tenant.DatabaseName} → {targetServer}/{tenant.DatabaseName}");
            await CreateEmptyDatabaseAsync(target, ct);
            var watch = Stopwatch.StartNew();
            await CopyAsync(source, target, ct);
            progress($"    copied in {watch.Elapsed.TotalSeconds:0.0} s");

            var (sourceEvents, sourceStreams) = await CountsAsync(source, ct);
            var (targetEvents, targetStreams) = await CountsAsync(target, ct);
            progress($"4/6 verify: events {sourceEvents} → {targetEvents}, streams {sourceStreams} → {targetStreams}");
            if (sourceEvents != targetEvents || sourceStreams != targetStreams)
                throw new TenantMoveException($"Verification failed: events {sourceEvents}/{targetEvents}, streams {sourceStreams}/{targetStreams}.");

            progress($"5/6 switching {tenant.Id} to {targetServer}");
            var moved = tenant with { Server = targetServer, Status = TenantStatus.Active };
            await databases.PointAtAsync(moved, ct);
            await registry.SetLocationAsync(tenant.Id, targetServer, tenant.DatabaseName, TenantStatus.Active, ct);
            switched = true;
            gate.Forget(tenant.Id);
            NpgsqlConnection.ClearPool(new NpgsqlConnection(source));

            progress($"6/6 active on {targetServer}; the old database {tenant.Server}/{tenant.DatabaseName} is no longer used (drop it after checking)");
            logger.LogInformation("Tenant {TenantId} moved from {From} to {To}", tenant.Id, tenant.Server, targetServer);
            return moved;
        }
        finally
        {
            if (!switched)
            {
                await registry.SetStatusAsync(tenant.Id, TenantStatus.Active, CancellationToken.None);
                progress($"move failed: {tenant.Id} is active again on {tenant.Server}");
            }
        }
    }

    private static async Task CreateEmptyDatabaseAsync(string target, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(target);
        var name = builder.Database!;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn) { Parameters = { new() { Value = name } } };
        if (await exists.ExecuteScalarAsync(ct) is not null)
            throw new TenantMoveException($"The target server already has a database '{name}'; drop it first (a leftover of an earlier move?).");
        await using var create = new NpgsqlCommand($"create database {PlatformDatabase.Quote(name)} template template0 encoding 'UTF8'", conn);
        await create.ExecuteNonQueryAsync(ct);
    }

    /// pg_dump in custom format piped into pg_restore, both from the installed PostgreSQL binaries.
    private static async Task CopyAsync(string source, string target, CancellationToken ct)
    {
        var dump = Start(PgTool("pg_dump"), ["--format=custom", "--no-owner", "--no-privileges"], source);
        var restore = Start(PgTool("pg_restore"), ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"], target, "--dbname");
        var pipe = dump.StandardOutput.BaseStream.CopyToAsync(restore.StandardInput.BaseStream, ct)
            .ContinueWith(_ => restore.StandardInput.Close(), ct, TaskContinuationOptions.None, TaskScheduler.Default);
        var dumpErrors = dump.StandardError.ReadToEndAsync(ct);
        var restoreErrors = restore.StandardError.ReadToEndAsync(ct);
        await pipe;
        await Task.WhenAll(dump.WaitForExitAsync(ct), restore.WaitForExitAsync(ct));
        if (dump.ExitCode != 0) throw new TenantMoveException("pg_dump failed: " + await dumpErrors);
        if (restore.ExitCode != 0) throw new TenantMoveException("pg_restore failed: " + await restoreErrors);
    }

    private static Process Start(string tool, string[] arguments, string connectionString, string? databaseFlag = null)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = databaseFlag is not null,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.ArgumentList.Add("--host=" + b.Host);
        info.ArgumentList.Add("--port=" + b.Port);
        if (!string.IsNullOrEmpty(b.Username)) info.ArgumentList.Add("--username=" + b.Username);
        info.ArgumentList.Add("--no-password");
        if (databaseFlag is not null) info.ArgumentList.Add(databaseFlag + "=" + b.Database);
        else info.ArgumentList.Add(b.Database!);
        // A password, when there is one, goes through the environment, never the command line.
        if (!string.IsNullOrEmpty(b.Password)) info.Environment["PGPASSWORD"] = b.Password;
        return Process.Start(info) ?? throw new TenantMoveException($"Could not start {tool}.");
    }

    /// The newest installed PostgreSQL client tool (Debian: /usr/lib/postgresql/N/bin), else the one on PATH.
    private static string PgTool(string name)
    {
        var root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var candidate = Directory.GetDirectories(root)
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin", name))
                .FirstOrDefault(File.Exists);
            if (candidate is not null) return candidate;
        }
        return name;
    }

    private static async Task<(long Events, long Streams)> CountsAsync(string connectionString, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) from hidamari.mt_events), (select count(*) from hidamari.mt_streams)
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
