using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hidamari.Portal.DemoData;
using Hidamari.Portal.Features.Leases;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Reliability;

internal static class Operators
{
    /// An API client acting as a platform operator (a person with the operator flag, signed in by code + PKCE).
    public static async Task<HttpClient> OperatorClientAsync(this PortalFactory portal)
    {
        var email = $"op-{Guid.NewGuid():N}@test.example";
        await portal.EnsureUserAsync(email);
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var op = (await users.FindByEmailAsync(email))!;
            op.IsOperator = true;
            await users.UpdateAsync(op);
        }
        using var cookie = await portal.SignedInCookieClientAsync(email);
        return portal.BearerClient((await Identities.AuthorizationCodeTokensAsync(cookie)).AccessToken);
    }

    public static Dictionary<string, string> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }

    public static ByteArrayContent Zip(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        return content;
    }
}

/// Export a demo tenant to one archive and restore it into a new tenant: the read models come back identical.
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class TenantArchiveTests(DemoPortalFactory portal) : IClassFixture<DemoPortalFactory>
{
    [Fact]
    public async Task Export_then_import_of_a_demo_tenant_gives_identical_projections_events_and_attachments()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await portal.TenantAsync(DemoDataSeeder.TokyoIkuseien);
        var manager = portal.ClientFor(source, "manager");
        var api = $"/api/t/{source.Id}";

        // Beyond the demo data: an attachment (a document no projection rebuilds) and a correction (its read model uses the event's timestamp).
        var leases = (await (await manager.GetAsync($"{api}/leases", ct)).ReadAsync<List<LeaseListItem>>(ct))!;
        Assert.NotEmpty(leases);
        var lease = leases[0].Lease;
        var pdf = "%PDF-1.4\n契約書\n%%EOF\n"u8.ToArray();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var document = (await (await manager.PostAsync($"{api}/leases/{lease.Id}/documents", new MultipartFormDataContent { { file, "file", "契約書.pdf" } }, ct)).ReadAsync<Created>(ct))!.Id;
        Assert.Equal(HttpStatusCode.OK, (await manager.PostJsonAsync($"{api}/leases/{lease.Id}/corrections",
            new { terms = lease.Terms with { Landlord = "山田花子" }, reason = "貸主の名義変更" }, ct)).StatusCode);

        var op = await portal.OperatorClientAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync($"/api/operator/tenants/{source.Id}/export", ct)).StatusCode);
        var export = await op.GetAsync($"/api/operator/tenants/{source.Id}/export", ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/zip", export.Content.Headers.ContentType?.MediaType);
        var archive = await export.Content.ReadAsByteArrayAsync(ct);

        var restoredId = PortalFactory.NewTenantId("restored");
        var imported = await op.PostAsync($"/api/operator/tenants/{restoredId}/import", Operators.Zip(archive), ct);
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"/api/operator/tenants/{restoredId}/import", Operators.Zip(archive), ct)).StatusCode);
        var restored = await portal.TenantAsync(restoredId);
        Assert.Equal((source.Kind, source.DisplayName, source.Jurisdiction), (restored.Kind, restored.DisplayName, restored.Jurisdiction));
        var restoredManager = portal.ClientFor(restored, "manager");

        // The read models, as the API shows them, are the same JSON: facilities with group homes, leases with their
        // history and documents, critical dates, fiscal-year costs.
        var compared = 0;
        foreach (var path in new[] { "facilities", "leases", $"leases/{lease.Id}", "leases/critical-dates?from=2021-04-01&days=3650", "leases/costs?fiscalYear=2024" })
        {
            var before = await (await manager.GetAsync($"{api}/{path}", ct)).Content.ReadAsStringAsync(ct);
            var after = await (await restoredManager.GetAsync($"/api/t/{restored.Id}/{path}", ct)).Content.ReadAsStringAsync(ct);
            Assert.Equal(before.Replace(source.Id, "{tenant}", StringComparison.Ordinal), after.Replace(restored.Id, "{tenant}", StringComparison.Ordinal));
            compared += before.Length;
        }
        Assert.Equal(pdf, await (await restoredManager.GetAsync($"/api/t/{restored.Id}/leases/{lease.Id}/documents/{document}", ct)).Content.ReadAsByteArrayAsync(ct));

        // Exported again, the restored tenant gives the same events (sequence, stream, version, type, time, user, data) and documents.
        var again = Operators.Entries(await (await op.GetAsync($"/api/operator/tenants/{restored.Id}/export", ct)).Content.ReadAsByteArrayAsync(ct));
        var first = Operators.Entries(archive);
        Assert.Equal(first.Keys.Order(), again.Keys.Order());
        foreach (var name in first.Keys.Where(k => k != "manifest.json")) Assert.Equal(first[name], again[name]);
        var events = first["events.jsonl"].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(events, e => e.Contains("LeaseCorrected", StringComparison.Ordinal));

        using var manifest = JsonDocument.Parse(first["manifest.json"]);
        ReliabilitySetup.Figure($"[reliability] export/import of {source.Id}: {events.Length} events, " +
            $"{manifest.RootElement.GetProperty("documents").EnumerateObject().Sum(d => d.Value.GetInt64())} documents, archive {archive.Length:N0} bytes; " +
            $"{compared:N0} characters of read-model JSON identical after import into {restored.Id}; re-export identical");
    }
}

/// A tenant is closed in two steps: the request exports it, the confirmation drops its database; a closed tenant answers 404.
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class TenantClosureTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private sealed record Closure(Guid Id, long Events, string ArchiveSha256);

    [Fact]
    public async Task Closing_a_tenant_exports_it_then_drops_its_database_only_after_confirmation()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("closing"));
        var manager = portal.ClientFor(tenant, "manager");
        var facilities = $"/api/t/{tenant.Id}/facilities";
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync(facilities, ReliabilitySetup.Facility("閉鎖学園"), ct)).StatusCode);
        var op = await portal.OperatorClientAsync();
        var closure = $"/api/operator/tenants/{tenant.Id}/closure";

        // A change after the export: the confirmation is refused, since the archive would miss it.
        var stale = (await (await op.PostAsync(closure, null, ct)).ReadAsync<Closure>(ct))!;
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync(facilities, ReliabilitySetup.Facility("後から来た学園"), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"{closure}/{stale.Id}/confirm", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(facilities, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.PostAsync($"{closure}/{Guid.NewGuid()}/confirm", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"{closure}/{stale.Id}/confirm", null, ct)).StatusCode);

        var request = await op.PostAsync(closure, null, ct);
        Assert.Equal(HttpStatusCode.Created, request.StatusCode);
        var current = (await request.ReadAsync<Closure>(ct))!;
        Assert.Equal(2, current.Events);
        Assert.Contains(tenant.DatabaseName, await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix));
        Assert.Equal(HttpStatusCode.OK, (await op.PostAsync($"{closure}/{current.Id}/confirm", null, ct)).StatusCode);

        Assert.DoesNotContain(tenant.DatabaseName, await LocalPostgres.DatabasesStartingWithAsync(portal.DatabasePrefix));
        Assert.Equal(TenantStatus.Closed, (await portal.TenantAsync(tenant.Id)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(facilities, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await op.PostAsync($"{closure}/{current.Id}/confirm", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await op.GetAsync($"/api/operator/tenants/{tenant.Id}/export", ct)).StatusCode);

        // The archive outlives the database and restores the tenant's data elsewhere.
        var archive = await (await op.GetAsync($"{closure}/{current.Id}/archive", ct)).Content.ReadAsByteArrayAsync(ct);
        Assert.Equal(current.ArchiveSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(archive)));
        var revivedId = PortalFactory.NewTenantId("revived");
        Assert.Equal(HttpStatusCode.Created, (await op.PostAsync($"/api/operator/tenants/{revivedId}/import", Operators.Zip(archive), ct)).StatusCode);
        var revived = await portal.TenantAsync(revivedId);
        var list = await (await portal.ClientFor(revived, "manager").GetAsync($"/api/t/{revivedId}/facilities", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("閉鎖学園", list);
        Assert.Contains("後から来た学園", list);

        // A broken archive creates nothing.
        var brokenId = PortalFactory.NewTenantId("broken");
        var broken = await op.PostAsync($"/api/operator/tenants/{brokenId}/import", Operators.Zip([.. archive[..(archive.Length / 2)]]), ct);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType?.MediaType);
        Assert.Null(await portal.Services.GetRequiredService<TenantRegistry>().FindAsync(brokenId, ct));

        ReliabilitySetup.Figure($"[reliability] closure of {tenant.Id}: stale confirmation refused, archive of {current.Events} events kept " +
            $"({archive.Length:N0} bytes, sha256 {current.ArchiveSha256[..12]}…), database dropped, tenant answers 404, archive restored into {revivedId}");
    }
}

/// The same export and restore as operator commands, run as separate processes of the portal build.
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class TenantArchiveCommandTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Tenant_export_and_import_commands_restore_a_tenant_into_a_new_id()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("cmd"));
        var manager = portal.ClientFor(tenant, "manager");
        Assert.Equal(HttpStatusCode.Created, (await manager.PostJsonAsync($"/api/t/{tenant.Id}/facilities", ReliabilitySetup.Facility("コマンド学園"), ct)).StatusCode);
        var file = Path.Combine(Path.GetTempPath(), $"hidamari-{tenant.Id}.zip");
        var copy = PortalFactory.NewTenantId("cmd-copy");
        try
        {
            var exported = await RunAsync(ct, "tenant", "export", "--id", tenant.Id, "--out", file);
            Assert.Contains($"exported {tenant.Id}: 1 events", exported);
            var imported = await RunAsync(ct, "tenant", "import", "--id", copy, "--in", file);
            Assert.Contains($"imported {copy}: 1 events", imported);
        }
        finally
        {
            File.Delete(file);
        }
        var restored = await portal.TenantAsync(copy);
        var before = await (await manager.GetAsync($"/api/t/{tenant.Id}/facilities", ct)).Content.ReadAsStringAsync(ct);
        var after = await (await portal.ClientFor(restored, "manager").GetAsync($"/api/t/{copy}/facilities", ct)).Content.ReadAsStringAsync(ct);
        Assert.Equal(before, after);
    }

    private async Task<string> RunAsync(CancellationToken ct, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Hidamari.Portal.dll"), .. args])
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
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        var error = await process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.True(process.ExitCode == 0, output + error);
        return output;
    }
}
