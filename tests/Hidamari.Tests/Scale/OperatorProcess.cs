using System.Diagnostics;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Scale;

/// Runs the built portal (Hidamari.Portal.dll) as a separate process against a test portal's databases.
internal static class OperatorProcess
{
    public static ProcessStartInfo StartInfo(PortalFactory portal, IReadOnlyDictionary<string, string>? extra, params string[] args)
    {
        var portalDll = Path.Combine(AppContext.BaseDirectory, "Hidamari.Portal.dll");
        var start = new ProcessStartInfo("dotnet", [portalDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
            Environment =
            {
                ["ConnectionStrings__Hidamari"] = portal.ConnectionString,
                ["Hidamari__Tenancy__DatabasePrefix"] = portal.DatabasePrefix + "t_",
                ["Logging__LogLevel__Default"] = "Warning",
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            },
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) start.Environment[key] = value;
        return start;
    }

    /// Runs a command to its end; returns exit code and standard output (standard error appended on failure).
    public static async Task<(int ExitCode, string Output)> RunAsync(PortalFactory portal, IReadOnlyDictionary<string, string>? extra, params string[] args)
    {
        using var process = Process.Start(StartInfo(portal, extra, args))!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await output + (process.ExitCode == 0 ? "" : await error));
    }
}
