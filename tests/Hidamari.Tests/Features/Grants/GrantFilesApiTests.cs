using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Hidamari.Portal.Features.Grants;
using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Marten;
using Hidamari.Tests.Features.Leases;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;
using static Hidamari.Tests.Infrastructure.HttpChecks;

namespace Hidamari.Tests.Features.Grants;

/// <summary>
/// Grant files through the real HTTP surface on real PostgreSQL: stored in the corporation's database with the event
/// naming them, delivered (step by step here) into the municipality's database with the document, readable only through
/// an application or case of the tenant in the route.
/// </summary>
[Trait("Category", "Grants")]
public sealed class GrantFilesApiTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// A small real PDF (PDFsharp wrote one like it for the demo); its bytes are what must come back.
    private static readonly byte[] Quote = [.. DocumentTypesTests.Pdf, .. "% 見積書\n"u8.ToArray()];
    private static readonly byte[] Drawing = DocumentTypesTests.Png;
    private static readonly byte[] Receipt = DocumentTypesTests.Jpeg;

    private SubmissionDelivery Delivery => portal.Services.GetRequiredService<SubmissionDelivery>();

    private sealed record World(TenantInfo Ward, TenantInfo Corporation, HttpClient Manager, HttpClient Reviewer, HttpClient Approver, Guid ProgrammeId)
    {
        public string Corp => $"/api/t/{Corporation.Id}/grants";
        public string Muni => $"/api/t/{Ward.Id}/grants";
    }

    private async Task<World> WorldAsync(string? jurisdiction = null)
    {
        jurisdiction ??= NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "世田谷区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園");
        var approver = portal.ClientFor(ward, "approver");
        var published = await approver.PostJsonAsync($"/api/t/{ward.Id}/grants/programmes", new
        {
            key = "gh-opening", fiscalYear = 2022, name = "GH開設支援（令和4年度）", basis = "国庫補助1/2", budgetYen = 40_000_000,
            applicationDeadline = "2099-03-31", reportDeadline = "2099-06-30", templateId = ProgrammeTemplates.GroupHomeOpeningId,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        return new World(ward, corporation, portal.ClientFor(corporation), portal.ClientFor(ward, "reviewer"), approver, (await published.ReadAsync<Created>(Ct))!.Id);
    }

    private static async Task<Guid> DraftAsync(World w)
    {
        var response = await w.Manager.PostJsonAsync($"{w.Corp}/applications", new
        {
            programmeId = w.ProgrammeId, title = "GH2か所の開設", groupHome = "新GH", homes = 2,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 16_000_000, source = "manual" } },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Created>(Ct))!.Id;
    }

    private static MultipartFormDataContent Upload(string name, byte[] bytes, string? description = null)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var form = new MultipartFormDataContent { { file, "file", name } };
        if (description is not null) form.Add(new StringContent(description), "description");
        return form;
    }

    private static async Task<Guid> AttachAsync(HttpClient client, string url, string name, byte[] bytes, string? description = null)
    {
        var response = await client.PostAsync(url, Upload(name, bytes, description), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Created>(Ct))!.Id;
    }

    private static async Task<string> Sha256Async(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Convert.ToHexStringLower(SHA256.HashData(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// Events of the application's stream and stored grant files, straight from the tenant's database.
    private async Task<(long Events, long Files)> StoredAsync(TenantInfo tenant, Guid stream)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        async Task<long> CountAsync(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            cmd.Parameters.AddWithValue(stream);
            return (long)(await cmd.ExecuteScalarAsync(Ct))!;
        }
        // Marten creates a document's table on first use: a database that never stored a file has none.
        var hasFiles = await CountAsync("select count(*) from pg_class where oid = coalesce(to_regclass('hidamari.mt_doc_grantfilecontent'), 0) and $1 is not null") > 0;
        return (await CountAsync("select count(*) from hidamari.mt_events where stream_id = $1"),
            hasFiles ? await CountAsync("select count(*) from hidamari.mt_doc_grantfilecontent where $1 is not null") : 0);
    }

    [Fact]
    public async Task A_draft_takes_files_lists_and_returns_their_bytes_and_removes_one_with_person_and_date()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        var files = $"{w.Corp}/applications/{id}/files";

        var quote = await AttachAsync(w.Manager, files, "見積書.pdf", Quote, "備品購入の見積書");
        var finance = portal.ClientFor(w.Corporation, "finance");
        var drawing = await AttachAsync(finance, files, "../../図面", Drawing, "GHの平面図");

        var draft = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal(
            [("見積書.pdf", "備品購入の見積書", "application/pdf", (long)Quote.Length, Sha256(Quote)), ("図面.png", "GHの平面図", "image/png", (long)Drawing.Length, Sha256(Drawing))],
            draft.Attachments.Select(f => (f.Name, f.Description, f.ContentType!, f.Size, f.Sha256!)));
        Assert.Equal([quote, drawing], draft.Attachments.Select(f => f.FileId!.Value));

        var download = await w.Manager.GetAsync($"{files}/{quote}", Ct);
        Assert.Equal(Sha256(Quote), await Sha256Async(download));
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Contains("nosniff", download.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(Drawing, await (await portal.ClientFor(w.Corporation, "staff-viewer").GetAsync($"{files}/{drawing}", Ct)).Content.ReadAsByteArrayAsync(Ct));

        // An autosave from a client holding an older list keeps the stored files (only attach and remove change them).
        var saved = await w.Manager.PutAsync($"{w.Corp}/applications/{id}/draft", JsonContent(new
        {
            title = "GH2か所の開設", groupHome = "新GH", homes = 2,
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 16_000_000, source = "manual" } },
            attachments = Array.Empty<object>(),
        }), Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal(2, (await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}")).Attachments.Count);

        // A file never sent is removed for good: off the list and out of the database, recorded with person and date.
        var before = await StoredAsync(w.Corporation, id);
        Assert.Equal(HttpStatusCode.NoContent, (await w.Manager.DeleteAsync($"{files}/{drawing}", Ct)).StatusCode);
        Assert.Equal((before.Events + 1, before.Files - 1), await StoredAsync(w.Corporation, id));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.GetAsync($"{files}/{drawing}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.DeleteAsync($"{files}/{drawing}", Ct)).StatusCode);

        var after = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal([quote], after.Attachments.Select(f => f.FileId!.Value));
        var steps = after.Timeline.Where(t => t.What.StartsWith("File", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [("FileAttached.Application", "見積書.pdf"), ("FileAttached.Application", "図面.png"), ("FileRemoved.Application", "図面.png")],
            steps.Select(t => (t.What, t.Detail!)));
        Assert.Equal([Identities.EmailFor(w.Corporation, "manager"), Identities.EmailFor(w.Corporation, "finance"), Identities.EmailFor(w.Corporation, "manager")],
            steps.Select(t => t.By));
        Assert.All(steps, t => Assert.True(DateTimeOffset.UtcNow - t.At < TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Refused_uploads_answer_a_clear_problem_in_japanese_or_english_and_store_nothing()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        var files = $"{w.Corp}/applications/{id}/files";
        var before = await StoredAsync(w.Corporation, id);

        var refusals = new (string Name, byte[] Bytes, string? Description, string Japanese, string English)[]
        {
            ("見積書.pdf", DocumentTypesTests.Executable, null, "PDF・PNG・JPEGのファイルだけ", "Only PDF, PNG and JPEG"),
            ("empty.pdf", [], null, "ファイルが空", "The file is empty"),
            ("huge.pdf", [.. Quote, .. new byte[10 * 1024 * 1024]], null, "大きすぎます", "too large"),
            ("見積書.pdf", Quote, new string('説', 201), "200文字以内", "at most 200 characters"),
        };
        foreach (var (name, bytes, description, japanese, english) in refusals)
        {
            foreach (var (language, expected) in new[] { ("ja", japanese), ("en", english) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, files) { Content = Upload(name, bytes, description) };
                request.Headers.AcceptLanguage.ParseAdd(language);
                var refused = await w.Manager.SendAsync(request, Ct);
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct));
                Assert.Contains(expected, problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
            }
            Assert.Equal(before, await StoredAsync(w.Corporation, id));
        }

        // A staff viewer may read but not attach, nor may the municipality's people; an unknown application is not found.
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(w.Corporation, "staff-viewer").PostAsync(files, Upload("a.pdf", Quote), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.PostAsync($"{w.Corp}/applications/{Guid.NewGuid()}/files", Upload("a.pdf", Quote), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.Approver.PostAsync($"{w.Muni}/applications/{id}/files", Upload("a.pdf", Quote), Ct)).StatusCode);
        // Receipts wait for the grant decision.
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Manager.PostAsync($"{w.Corp}/applications/{id}/report/files", Upload("領収書.pdf", Quote), Ct)).StatusCode);
        Assert.Equal(before, await StoredAsync(w.Corporation, id));
        Assert.Empty((await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}")).Attachments);
    }

    [Fact]
    public async Task A_full_disk_answers_503_with_retry_after_and_stores_neither_the_file_nor_its_event()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        var files = $"{w.Corp}/applications/{id}/files";
        await AttachAsync(w.Manager, files, "見積書.pdf", Quote);
        var before = await StoredAsync(w.Corporation, id);
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = w.Corporation.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using (var cmd = new NpgsqlCommand("""
            create or replace function hidamari.grant_files_disk_full() returns trigger language plpgsql as
            $$ begin raise exception 'could not extend file: No space left on device' using errcode = 'disk_full'; end $$;
            create trigger grant_files_disk_full before insert or update on hidamari.mt_doc_grantfilecontent
            for each row execute function hidamari.grant_files_disk_full();
            """, conn))
            await cmd.ExecuteNonQueryAsync(Ct);

        var full = await w.Manager.PostAsync(files, Upload("図面.png", Drawing), Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal("application/problem+json", full.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(full.Headers.RetryAfter);
        var problem = await full.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("No space left", problem, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(problem))
            Assert.Contains("保存できません", json.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await StoredAsync(w.Corporation, id));
        Assert.Single((await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}")).Attachments);

        await using (var cmd = new NpgsqlCommand("drop trigger grant_files_disk_full on hidamari.mt_doc_grantfilecontent", conn))
            await cmd.ExecuteNonQueryAsync(Ct);
        await AttachAsync(w.Manager, files, "図面.png", Drawing);
        Assert.Equal((before.Events + 1, before.Files + 1), await StoredAsync(w.Corporation, id));
    }

    [Fact]
    public async Task Submitted_files_reach_the_municipality_with_identical_bytes_and_no_other_tenant_reads_them()
    {
        var jurisdiction = NewJurisdiction();
        var w = await WorldAsync(jurisdiction);
        var id = await DraftAsync(w);
        var files = $"{w.Corp}/applications/{id}/files";
        var quote = await AttachAsync(w.Manager, files, "見積書.pdf", Quote, "備品購入の見積書");
        var drawing = await AttachAsync(w.Manager, files, "図面.png", Drawing, "平面図");
        Assert.Equal(HttpStatusCode.OK, (await w.Manager.PostJsonAsync($"{w.Corp}/applications/{id}/submit", new { }, Ct)).StatusCode);

        // The outbox message carries names and hashes, not the bytes.
        var message = Assert.Single(await Delivery.PendingAsync(w.Corporation, Ct));
        Assert.True(message.Payload.Length < 16 * 1024, $"outbox payload of {message.Payload.Length} characters");

        // Sent: the files are fixed on the corporation's side.
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Manager.DeleteAsync($"{files}/{quote}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Manager.PostAsync(files, Upload("追加.pdf", Quote), Ct)).StatusCode);
        Assert.Equal(Sha256(Quote), await Sha256Async(await w.Manager.GetAsync($"{files}/{quote}", Ct)));

        var wardBefore = await StoredAsync(w.Ward, id);
        Assert.Equal((0L, 0L), wardBefore);
        await portal.DeliverAsync();
        var c = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal([("見積書.pdf", quote, Sha256(Quote)), ("図面.png", drawing, Sha256(Drawing))],
            c.Application.Attachments.Select(f => (f.Name, f.FileId!.Value, f.Sha256!)));
        var caseFiles = $"{w.Muni}/cases/{id}/files";
        var delivered = await w.Reviewer.GetAsync($"{caseFiles}/{quote}", Ct);
        Assert.Equal(Sha256(Quote), await Sha256Async(delivered));
        Assert.Equal("見積書.pdf", delivered.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(Sha256(Drawing), await Sha256Async(await w.Approver.GetAsync($"{caseFiles}/{drawing}", Ct)));
        Assert.Equal((1L, 2L), await StoredAsync(w.Ward, id));

        // Delivered twice: no second copy.
        await Delivery.ApplyAtReceiverAsync(w.Corporation, message, Ct);
        Assert.Equal((1L, 2L), await StoredAsync(w.Ward, id));

        // Another corporation and another municipality, even of the same jurisdiction, find nothing under their own route;
        // under the ward's route they are not members.
        var otherCorp = await TenantAsync(portal, "corp2", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        var otherCorpManager = portal.ClientFor(otherCorp);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCorpManager.GetAsync($"/api/t/{otherCorp.Id}/grants/applications/{id}/files/{quote}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCorpManager.GetAsync($"/api/t/{w.Corporation.Id}/grants/applications/{id}/files/{quote}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCorpManager.GetAsync($"{caseFiles}/{quote}", Ct)).StatusCode);
        var otherWard = await TenantAsync(portal, "ward2", TenantKind.Municipality, NewJurisdiction(), "目黒区");
        var otherReviewer = portal.ClientFor(otherWard, "reviewer");
        Assert.Equal(HttpStatusCode.NotFound, (await otherReviewer.GetAsync($"/api/t/{otherWard.Id}/grants/cases/{id}/files/{quote}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherReviewer.GetAsync($"{caseFiles}/{quote}", Ct)).StatusCode);
        // The corporation reads its files under its own route only; a case's route is not its own.
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.GetAsync($"{caseFiles}/{quote}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await w.Manager.GetAsync($"{w.Corp}/cases/{id}/files/{quote}", Ct)).StatusCode);
        // A file id of one case does not open through another of the same ward.
        var second = await DraftAsync(w);
        Assert.Equal(HttpStatusCode.OK, (await w.Manager.PostJsonAsync($"{w.Corp}/applications/{second}/submit", new { }, Ct)).StatusCode);
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await w.Reviewer.GetAsync($"{w.Muni}/cases/{second}/files/{quote}", Ct)).StatusCode);

        // 差し戻し: the draft may drop a sent file from the next version, but the sent bytes stay on both sides.
        Assert.Equal(HttpStatusCode.OK, (await w.Reviewer.PostJsonAsync($"{w.Muni}/cases/{id}/assign", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Reviewer.PostJsonAsync($"{w.Muni}/cases/{id}/return", new { reasons = "図面を差し替えてください。" }, Ct)).StatusCode);
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await w.Manager.DeleteAsync($"{files}/{drawing}", Ct)).StatusCode);
        var newDrawing = await AttachAsync(w.Manager, files, "図面（改）.png", Drawing, "平面図（修正）");
        Assert.Equal(Sha256(Drawing), await Sha256Async(await w.Manager.GetAsync($"{files}/{drawing}", Ct)));
        Assert.Equal(HttpStatusCode.OK, (await w.Manager.PostJsonAsync($"{w.Corp}/applications/{id}/submit", new { }, Ct)).StatusCode);
        await portal.DeliverAsync();
        var v2 = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal(2, v2.ApplicationVersion);
        Assert.Equal([quote, newDrawing], v2.Application.Attachments.Select(f => f.FileId!.Value));
        Assert.Equal(Sha256(Drawing), await Sha256Async(await w.Reviewer.GetAsync($"{caseFiles}/{newDrawing}", Ct)));
        Assert.Equal(Sha256(Drawing), await Sha256Async(await w.Reviewer.GetAsync($"{caseFiles}/{drawing}", Ct)));
    }

    [Fact]
    public async Task Receipts_attached_to_the_report_arrive_with_it_and_are_fixed_once_it_is_sent()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        Assert.Equal(HttpStatusCode.OK, (await w.Manager.PostJsonAsync($"{w.Corp}/applications/{id}/submit", new { }, Ct)).StatusCode);
        await portal.DeliverAsync();
        Assert.Equal(HttpStatusCode.OK, (await w.Reviewer.PostJsonAsync($"{w.Muni}/cases/{id}/assign", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await w.Approver.PostJsonAsync($"{w.Muni}/cases/{id}/decide", new { }, Ct)).StatusCode);
        await portal.DeliverAsync();

        // Decided: the application's documents are fixed, the receipts of the report are open.
        var receipts = $"{w.Corp}/applications/{id}/report/files";
        Assert.Equal(HttpStatusCode.BadRequest, (await w.Manager.PostAsync($"{w.Corp}/applications/{id}/files", Upload("見積書.pdf", Quote), Ct)).StatusCode);
        var finance = portal.ClientFor(w.Corporation, "finance");
        var receipt = await AttachAsync(finance, receipts, "領収書.jpg", Receipt, "備品の領収書");
        var wrong = await AttachAsync(finance, receipts, "別件の領収書.pdf", Quote);
        Assert.Equal(HttpStatusCode.NoContent, (await finance.DeleteAsync($"{w.Corp}/applications/{id}/files/{wrong}", Ct)).StatusCode);
        var app = await Get<GrantApplication>(w.Manager, $"{w.Corp}/applications/{id}");
        Assert.Equal([receipt], app.Receipts.Select(f => f.FileId!.Value));
        Assert.Empty(app.Attachments);
        Assert.Equal(["FileAttached.Report", "FileAttached.Report", "FileRemoved.Report"],
            app.Timeline.Where(t => t.What.StartsWith("File", StringComparison.Ordinal)).Select(t => t.What));

        Assert.Equal(HttpStatusCode.OK, (await finance.PostJsonAsync($"{w.Corp}/applications/{id}/report", new
        {
            items = new[] { new { key = "equipment", kind = "Equipment", description = "備品購入費", yen = 15_200_000, source = "receipts" } },
        }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.DeleteAsync($"{w.Corp}/applications/{id}/files/{receipt}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await finance.PostAsync(receipts, Upload("追加の領収書.pdf", Quote), Ct)).StatusCode);
        await portal.DeliverAsync();

        var c = await Get<GrantCase>(w.Reviewer, $"{w.Muni}/cases/{id}");
        Assert.Equal(GrantStatus.Reported, c.Status);
        var arrived = Assert.Single(c.Report!.Attachments);
        Assert.Equal(("領収書.jpg", "備品の領収書", receipt, "image/jpeg"), (arrived.Name, arrived.Description, arrived.FileId!.Value, arrived.ContentType!));
        Assert.Equal(Sha256(Receipt), await Sha256Async(await w.Reviewer.GetAsync($"{w.Muni}/cases/{id}/files/{receipt}", Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Reviewer.GetAsync($"{w.Muni}/cases/{id}/files/{wrong}", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_file_changed_after_it_was_sent_is_refused_by_delivery_and_nothing_reaches_the_municipality()
    {
        var w = await WorldAsync();
        var id = await DraftAsync(w);
        await AttachAsync(w.Manager, $"{w.Corp}/applications/{id}/files", "見積書.pdf", Quote);
        Assert.Equal(HttpStatusCode.OK, (await w.Manager.PostJsonAsync($"{w.Corp}/applications/{id}/submit", new { }, Ct)).StatusCode);
        // Someone with database access alters the stored bytes behind the application's back.
        await using (var session = portal.Services.GetRequiredService<TenantStores>().OpenSession(w.Corporation))
        {
            var stored = Assert.Single(await session.Query<GrantFileContent>().ToListAsync(Ct));
            stored.Bytes = DocumentTypesTests.Pdf;
            session.Store(stored);
            await session.SaveChangesAsync(Ct);
        }
        var message = Assert.Single(await Delivery.PendingAsync(w.Corporation, Ct));
        Assert.False(await Delivery.DeliverAsync(w.Corporation, message, Ct));
        Assert.Equal((0L, 0L), await StoredAsync(w.Ward, id));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Reviewer.GetAsync($"{w.Muni}/cases/{id}", Ct)).StatusCode);
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, Json.Options), System.Text.Encoding.UTF8, "application/json");
}
