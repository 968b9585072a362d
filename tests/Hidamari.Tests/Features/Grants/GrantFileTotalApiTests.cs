using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using Npgsql;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Grants;

/// <summary>The total size of an application's files through the real HTTP surface on real PostgreSQL: five full-size
/// scans fill it, one more file is refused like an oversized file (400 problem+json, ja/en) and nothing is stored;
/// removing a file makes room again.</summary>
[Trait("Category", "Grants")]
public sealed class GrantFileTotalApiTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static readonly byte[] FullSizeScan = [.. DocumentTypesTests.Pdf, .. new byte[DocumentTypes.MaxBytes - DocumentTypesTests.Pdf.Length]];

    private static MultipartFormDataContent Upload(string name, byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    /// Events of the application's stream and stored grant files, straight from the tenant's database.
    private async Task<(long Events, long Files, long Bytes)> StoredAsync(TenantInfo tenant, Guid application)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("""
            select (select count(*) from hidamari.mt_events where stream_id = $1),
                   (select count(*) from hidamari.mt_doc_grantfilecontent where data ->> 'ApplicationId' = $1::text or data ->> 'applicationId' = $1::text),
                   (select coalesce(sum(length(decode(coalesce(data ->> 'Bytes', data ->> 'bytes'), 'base64'))), 0) from hidamari.mt_doc_grantfilecontent)
            """, conn);
        cmd.Parameters.AddWithValue(application);
        await using var reader = await cmd.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    [Fact]
    public async Task Five_full_size_files_fill_an_application_one_more_is_refused_in_japanese_or_english_and_nothing_is_stored()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var published = await portal.ClientFor(ward, "approver").PostJsonAsync($"/api/t/{ward.Id}/grants/programmes", new
        {
            key = "gh-opening", fiscalYear = 2022, name = "GH開設支援（令和4年度）", basis = "国庫補助1/2", budgetYen = 40_000_000,
            applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = ProgrammeTemplates.GroupHomeOpeningId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var manager = portal.ClientFor(corporation);
        var grants = $"/api/t/{corporation.Id}/grants";
        var draft = await manager.PostJsonAsync($"{grants}/applications", new
        {
            programmeId = (await published.ReadAsync<Created>(Ct))!.Id, title = "GH2か所の開設", groupHome = "新GH", homes = 2,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 16_000_000, source = "manual" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        var id = (await draft.ReadAsync<Created>(Ct))!.Id;
        var files = $"{grants}/applications/{id}/files";

        var attached = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            var response = await manager.PostAsync(files, Upload($"図面{i}.pdf", FullSizeScan), Ct);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            attached.Add((await response.ReadAsync<Created>(Ct))!.Id);
        }
        var full = await manager.GetAsync($"{grants}/applications/{id}", Ct);
        var application = (await full.ReadAsync<GrantApplication>(Ct))!;
        Assert.Equal(AttachingGrantFile.MaxTotalBytes, application.Attachments.Sum(f => f.Size));
        Assert.Equal(0, AttachingGrantFile.RemainingBytes(application, GrantFileUse.Application));
        var before = await StoredAsync(corporation, id);
        Assert.Equal((5L, AttachingGrantFile.MaxTotalBytes), (before.Files, before.Bytes));

        foreach (var (language, expected) in new[] { ("ja", "合計が50MBを超えます"), ("en", "exceed 50 MB in total") })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, files) { Content = Upload("見積書.pdf", DocumentTypesTests.Pdf) };
            request.Headers.AcceptLanguage.ParseAdd(language);
            var refused = await manager.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
            Assert.Contains(expected, problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
            Assert.Contains(expected, problem.RootElement.GetProperty("errors").EnumerateObject().Single().Value[0].GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(before, await StoredAsync(corporation, id));
        Assert.Equal(5, (await (await manager.GetAsync($"{grants}/applications/{id}", Ct)).ReadAsync<GrantApplication>(Ct))!.Attachments.Count);

        // Removing a file makes room again.
        Assert.Equal(HttpStatusCode.NoContent, (await manager.DeleteAsync($"{files}/{attached[0]}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await manager.PostAsync(files, Upload("見積書.pdf", DocumentTypesTests.Pdf), Ct)).StatusCode);
        var after = await StoredAsync(corporation, id);
        Assert.Equal((5L, 4L * DocumentTypes.MaxBytes + DocumentTypesTests.Pdf.Length), (after.Files, after.Bytes));
    }
}
