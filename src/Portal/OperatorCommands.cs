using Hidamari.Tenancy;

namespace Hidamari.Portal;

/// <summary>
/// Commands an operator runs against the same configuration as the portal, while it runs or not:
/// <c>tenant create --id ID --kind corporation|municipality --name NAME --jurisdiction J [--server S]</c>,
/// <c>tenant list</c>.
/// </summary>
public static class OperatorCommands
{
    public static async Task<bool> TryRunAsync(WebApplication app, string[] args)
    {
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
            default:
                await Console.Error.WriteLineAsync("usage: tenant create --id ID --kind corporation|municipality --name NAME --jurisdiction J [--server S] | tenant list");
                Environment.ExitCode = 2;
                break;
        }
        return true;
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
