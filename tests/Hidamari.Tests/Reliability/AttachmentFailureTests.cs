using System.Net;
using System.Net.Http.Headers;
using Hidamari.Portal.Features.Leases;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Infrastructure;
using Npgsql;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// Lease documents are stored in the tenant database in the same transaction as the event that names them. When storing
/// the file fails — refused, oversized, the disk full or the write denied — the caller gets a clear problem and no event is recorded.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class AttachmentFailureTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_document_that_cannot_be_stored_leaves_no_event_behind()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("attach"));
        var client = portal.ClientFor(tenant, "manager");
        var api = $"/api/t/{tenant.Id}";
        var facility = (await (await client.PostJsonAsync($"{api}/facilities", ReliabilitySetup.Facility("添付学園"), ct)).ReadAsync<Created>(ct))!.Id;
        var gh = (await (await client.PostJsonAsync($"{api}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "添付ホーム", capacity = 4, openedOn = "2024-03-01" }, ct)).ReadAsync<Created>(ct))!.Id;
        var lease = (await (await client.PostJsonAsync($"{api}/leases",
            new { groupHomeId = gh, terms = LeaseExamples.Terms(new DateOnly(2024, 4, 1)) }, ct)).ReadAsync<Created>(ct))!.Id;
        var documents = $"{api}/leases/{lease}/documents";
        var before = await StoredAsync(tenant, lease);

        // Refused before anything is written: an executable calling itself a PDF, an empty file, a file over 10 MB.
        var refusals = new (string Name, byte[] Bytes)[]
        {
            ("contract.pdf", [0x4D, 0x5A, 0x90, 0x00, 0x03]),
            ("empty.pdf", []),
            ("huge.pdf", [.. Pdf, .. new byte[10 * 1024 * 1024]]),
        };
        foreach (var (name, bytes) in refusals)
        {
            var refused = await client.PostAsync(documents, Upload(name, bytes), ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal(before, await StoredAsync(tenant, lease));
        }

        // The disk fills up while the file is written: PostgreSQL refuses the row (SQLSTATE 53100, as a full disk does).
        await ExecuteAsync(tenant, """
            create or replace function hidamari.reliability_disk_full() returns trigger language plpgsql as
            $$ begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$;
            create trigger reliability_disk_full before insert or update on hidamari.mt_doc_leasedocumentcontent
            for each row execute function hidamari.reliability_disk_full();
            """);
        var full = await client.PostAsync(documents, Upload("contract.pdf", Pdf), ct);
        var problem = await full.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(full.Headers.RetryAfter);
        Assert.DoesNotContain("No space left", problem);
        using (var json = System.Text.Json.JsonDocument.Parse(problem))
            Assert.Contains("保存できません", json.RootElement.GetProperty("title").GetString());
        var afterFailure = await StoredAsync(tenant, lease);
        Assert.Equal(before, afterFailure);

        // Space again, but the storage refuses the write (permission denied, SQLSTATE 42501): a clear error, nothing stored.
        await ExecuteAsync(tenant, """
            drop trigger reliability_disk_full on hidamari.mt_doc_leasedocumentcontent;
            create or replace function hidamari.reliability_denied() returns trigger language plpgsql as
            $$ begin raise exception 'permission denied for table mt_doc_leasedocumentcontent' using errcode = 'insufficient_privilege'; end $$;
            create trigger reliability_denied before insert or update on hidamari.mt_doc_leasedocumentcontent
            for each row execute function hidamari.reliability_denied();
            """);
        var denied = await client.PostAsync(documents, Upload("contract.pdf", Pdf), ct);
        var deniedProblem = await denied.Content.ReadAsStringAsync(ct);
        Assert.Equal(HttpStatusCode.InternalServerError, denied.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("mt_doc_leasedocumentcontent", deniedProblem);
        using (var json = System.Text.Json.JsonDocument.Parse(deniedProblem))
            Assert.Contains("許可されていない", json.RootElement.GetProperty("title").GetString());
        Assert.Equal(before, await StoredAsync(tenant, lease));

        // Writable again: the same upload succeeds, and event and file arrive together.
        await ExecuteAsync(tenant, "drop trigger reliability_denied on hidamari.mt_doc_leasedocumentcontent");
        var stored = await client.PostAsync(documents, Upload("contract.pdf", Pdf), ct);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var afterSuccess = await StoredAsync(tenant, lease);
        Assert.Equal((before.Events + 1, before.Files + 1), afterSuccess);
        var view = (await (await client.GetAsync($"{api}/leases/{lease}", ct)).ReadAsync<LeaseListItem>(ct))!.Lease;
        Assert.Equal(Pdf, await (await client.GetAsync($"{documents}/{Assert.Single(view.Documents).Id}", ct)).Content.ReadAsByteArrayAsync(ct));

        ReliabilitySetup.Figure($"[reliability] attachments: {refusals.Length} refused uploads, 1 disk-full and 1 permission-denied failure stored " +
            $"{afterFailure.Events - before.Events} events and {afterFailure.Files - before.Files} files; the retry stored 1 event with its 1 file");
    }

    private static MultipartFormDataContent Upload(string name, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private NpgsqlConnection Connect(TenantInfo tenant) =>
        new(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);

    private async Task ExecuteAsync(TenantInfo tenant, string sql)
    {
        await using var conn = Connect(tenant);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// Events of the lease stream and stored files (this tenant has only this lease), straight from the tenant's database.
    private async Task<(long Events, long Files)> StoredAsync(TenantInfo tenant, Guid lease)
    {
        await using var conn = Connect(tenant);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) from hidamari.mt_events where stream_id = $1),
                   (select count(*) from hidamari.mt_doc_leasedocumentcontent)
            """, conn);
        cmd.Parameters.AddWithValue(lease);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
