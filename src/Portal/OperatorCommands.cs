using Hidamari.Portal.Features.TenantArchives;
using Hidamari.Tenancy;

namespace Hidamari.Portal;

/// <summary>
/// Commands an operator runs against the same configuration as the portal, while it runs or not:
/// <c>tenant create --id ID --kind corporation|municipality --name NAME --jurisdiction J [--server S]</c>,
/// <c>tenant list</c>, <c>tenant move --id ID --to SERVER</c>, <c>migrate [--parallel N]</c>,
/// <c>tenant export --id ID --out FILE.zip</c>, <c>tenant import --id NEW-ID --in FILE.zip</c>.
/// </summary>
public static class OperatorCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
        if (args.Length >= 1 && args[0] == "migrate")
        {
            await app.Services.GetRequiredService<TenancyStartup>().StartAsync(CancellationToken.None);
            await MigrateAsync(app, ParseOptions(args.Skip(1)));
            return true;
        }
        if (args.Length < 2 || args[0] != "tenant") return false;

        await app.Services.GetRequiredService<TenancyStartup>().StartAsync(CancellationToken.None);
        var registry = app.Services.GetRequiredService<TenantRegistry>();
        switch (args[1])
        {
            case "list":
                foreach (var t in await registry.ListAsync())
                    Console.WriteLine($"{t.Id}\t{t.Kind}\t{t.Status}\t{t.Server}/{t.DatabaseName}\t{t.DisplayName}");
                break;
            case "create":
                var options = ParseOptions(args.Skip(2));
                var request = new NewTenant(
                    options.GetValueOrDefault("id", ""),
                    Enum.TryParse<TenantKind>(options.GetValueOrDefault("kind", ""), ignoreCase: true, out var kind) ? kind : (TenantKind)(-1),
                    options.GetValueOrDefault("name", ""),
                    options.GetValueOrDefault("jurisdiction", ""),
                    options.GetValueOrDefault("server"));
                try
                {
                    var tenant = await app.Services.GetRequiredService<TenantProvisioner>().CreateAsync(request);
                    Console.WriteLine($"created {tenant.Id} on {tenant.Server}/{tenant.DatabaseName}");
                }
                catch (Exception e) when (e is TenantRequestInvalidException or TenantAlreadyExistsException)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    Environment.ExitCode = 2;
                }
                break;
            case "move":
                var move = ParseOptions(args.Skip(2));
                try
                {
                    var moved = await app.Services.GetRequiredService<TenantMover>().MoveAsync(
                        move.GetValueOrDefault("id", ""), move.GetValueOrDefault("to", ""), Console.WriteLine);
                    Console.WriteLine($"moved {moved.Id} to {moved.Server}/{moved.DatabaseName}");
                }
                catch (TenantMoveException e)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    Environment.ExitCode = 1;
                }
                break;
            case "export":
            {
                var exportOptions = ParseOptions(args.Skip(2));
                if (await registry.FindAsync(exportOptions.GetValueOrDefault("id"), CancellationToken.None) is not { Status: TenantStatus.Active or TenantStatus.Maintenance } tenant
                    || exportOptions.GetValueOrDefault("out") is not { Length: > 0 } path)
                {
                    await Console.Error.WriteLineAsync("usage: tenant export --id ID --out FILE.zip (an active tenant)");
                    Environment.ExitCode = 2;
                    break;
                }
                await using var file = File.Create(path);
                var manifest = await app.Services.GetRequiredService<TenantArchive>().ExportAsync(tenant, file, CancellationToken.None);
                Console.WriteLine($"exported {tenant.Id}: {manifest.Events} events, {manifest.Documents.Values.Sum()} documents to {path}");
                break;
            }
            case "import":
            {
                var importOptions = ParseOptions(args.Skip(2));
                var import = app.Services.GetRequiredService<TenantImport>();
                try
                {
                    await using var file = File.OpenRead(importOptions.GetValueOrDefault("in") ?? "");
                    var result = await import.ImportAsync(importOptions.GetValueOrDefault("id") ?? "", import.Read(file), CancellationToken.None);
                    Console.WriteLine($"imported {result.Tenant.Id}: {result.Events} events, {result.Documents} documents");
                }
                catch (Exception e) when (e is ArchiveInvalidException or TenantRequestInvalidException or TenantAlreadyExistsException or IOException or ArgumentException)
                {
                    await Console.Error.WriteLineAsync(e.Message);
                    Environment.ExitCode = 2;
                }
                break;
            }
            default:
                await Console.Error.WriteLineAsync("usage: tenant create --id ID --kind corporation|municipality --name NAME --jurisdiction J [--server S] | tenant list | tenant move --id ID --to SERVER | tenant export --id ID --out FILE.zip | tenant import --id NEW-ID --in FILE.zip | migrate [--parallel N]");
                Environment.ExitCode = 2;
                break;
        }
        return true;
    }

    /// Applies the configured Marten schema to every tenant database, one progress line per tenant, then a summary.
    private static async Task MigrateAsync(WebApplication app, Dictionary<string, string> options)
    {
        var parallelism = int.TryParse(options.GetValueOrDefault("parallel", "4"), out var p) ? p : 4;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var done = 0;
        Console.WriteLine($"migrate: schema version {TenantSchema.CurrentVersion}, {parallelism} at a time");
        var summary = await app.Services.GetRequiredService<TenantMigrator>().MigrateAllAsync(parallelism, r =>
        {
            done++;
            var outcome = r.Outcome switch
            {
                MigrationOutcome.UpToDate => "up to date",
                MigrationOutcome.Migrated => "migrated",
                _ => "FAILED",
            };
            Console.WriteLine($"[{done}] {r.TenantId} ({r.Location}): {outcome} — {r.Detail} ({r.Took.TotalMilliseconds:0} ms)");
        }, CancellationToken.None);
        Console.WriteLine($"summary: {summary.UpToDate} up to date, {summary.Migrated} migrated, {summary.Failed} failed ({started.Elapsed.TotalSeconds:0.0} s)");
        if (summary.Failed > 0) Environment.ExitCode = 1;
    }

    private static Dictionary<string, string> ParseOptions(IEnumerable<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal)) key = arg[2..];
            else if (key is not null) { result[key] = arg; key = null; }
        }
        return result;
    }
}
