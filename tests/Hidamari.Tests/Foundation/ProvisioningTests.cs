using System.Diagnostics;
using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Foundation;

[Trait("Category", "Foundation")]
public sealed class ProvisioningTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_tenant_created_by_the_operator_command_while_the_portal_runs_works_at_once()
    {
        var client = portal.CreateClient();
        var id = PortalFactory.NewTenantId("live");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/t/{id}/facilities")).StatusCode);

        // The operator command is a separate process of the same portal build, against the same databases.
        var portalDll = Path.Combine(AppContext.BaseDirectory, "Hidamari.Portal.dll");
        var start = new ProcessStartInfo("dotnet", [portalDll, "tenant", "create", "--id", id, "--kind", "corporation", "--name", "社会福祉法人ライブ会", "--jurisdiction", "東京都世田谷区"])
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
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, output + await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"created {id}", output);

        Assert.Contains(portal.DatabasePrefix + "t_" + id.Replace('-', '_'), await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix));
        client = portal.ClientFor(await portal.TenantAsync(id));
        var created = await client.PostJsonAsync($"/api/t/{id}/facilities",
            new { kind = "ChildrensHome", name = "ライブ学園", address = "x", mainCapacity = 30, effectiveOn = "2021-04-01" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var list = await (await client.GetAsync($"/api/t/{id}/facilities")).ReadAsync<FacilityList>();
        Assert.Equal(30, list!.Totals.TotalCapacity);
    }

    [Fact]
    public async Task Creating_a_tenant_twice_is_refused()
    {
        var id = PortalFactory.NewTenantId("twice");
        await portal.CreateTenantAsync(id);
        await Assert.ThrowsAsync<TenantAlreadyExistsException>(() => portal.CreateTenantAsync(id));
    }

    [Fact]
    public async Task An_invalid_tenant_request_creates_nothing()
    {
        var before = await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix);
        await Assert.ThrowsAsync<TenantRequestInvalidException>(() => portal.CreateTenantAsync("Not_Valid"));
        Assert.Equal(before, await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix));
    }
}
