using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Staff;
using Hidamari.Tests.Infrastructure;
using MiniExcelLibs;
using Npgsql;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// Every import (staff list, plan sheet, rate table) given broken files — Shift_JIS instead of UTF-8, a truncated
/// workbook, something that is no workbook at all, the wrong header, an empty file, a header without rows — answers
/// 4xx problem+json with a report that names what is wrong (the row, for row-level files), and stores nothing.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class BrokenImportFilesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    /// What Excel's plain "CSV" save writes in Japan.
    private static readonly Encoding ShiftJis = ShiftJisEncoding();

    private static Encoding ShiftJisEncoding()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932);
    }

    private const string StaffHeader = "氏名,フリガナ,入職日,職種,雇用形態,週所定労働時間,前職経験年数,施設";
    private const string StaffRow = "青木 一郎,アオキ イチロウ,2024-04-01,保育士,常勤,,3,ひだまり学園";

    private static byte[] StaffWorkbook()
    {
        using var stream = new MemoryStream();
        stream.SaveAs(new[] { StaffHeader.Split(',').Zip(StaffRow.Split(',')).ToDictionary(p => p.First, p => (object?)p.Second) });
        return stream.ToArray();
    }

    /// The broken files every import gets, by name; the extension decides how the import reads it.
    private static (string Name, byte[] Bytes)[] BrokenFiles(string header, string row, byte[] workbook) =>
    [
        ("shift_jis.csv", ShiftJis.GetBytes(header + "\r\n" + row + "\r\n")),
        ("truncated.xlsx", workbook[..(workbook.Length / 2)]),
        ("not-a-workbook.xlsx", Encoding.UTF8.GetBytes(header + "\n" + row)),
        ("wrong-headers.csv", "foo,bar,baz\n1,2,3\n"u8.ToArray()),
        ("empty.csv", []),
        ("header-only.csv", Encoding.UTF8.GetBytes(header + "\n")),
    ];

    [Fact]
    public async Task The_staff_import_reports_every_broken_file_row_by_row_and_stores_nothing()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "broken-staff");
        var before = await EventsAsync(corp.Tenant);
        foreach (var (name, bytes) in BrokenFiles(StaffHeader, StaffRow, StaffWorkbook()))
        {
            var report = await StaffImportTests.RefusalAsync(await corp.Manager.PostAsync($"{corp.Staff}/import", Upload(bytes, name), Ct));
            Assert.Equal(0, report.Imported);
            if (name == "shift_jis.csv") Assert.Contains("UTF-8", Assert.Single(report.Errors).Message, StringComparison.Ordinal);
            if (name == "wrong-headers.csv") Assert.Equal([(1, "Name"), (1, "HiredOn")], report.Errors.Select(e => (e.Row, e.Column)));
            Assert.Equal(before, await EventsAsync(corp.Tenant));
        }
        // The same rows in UTF-8 are imported: the refusals were about the files, not the data.
        Assert.Equal(HttpStatusCode.OK, (await corp.Manager.PostAsync($"{corp.Staff}/import", Upload(Encoding.UTF8.GetBytes(StaffHeader + "\n" + StaffRow), "staff.csv"), Ct)).StatusCode);
        Assert.True(await EventsAsync(corp.Tenant) > before);
    }

    [Fact]
    public async Task The_plan_sheet_import_refuses_every_broken_file_with_a_problem_and_stores_nothing()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "broken-plan");
        var sheet = $"/api/t/{corp.Tenant.Id}/plans/{corp.FacilityId}/sheet";
        var workbook = await (await corp.Manager.GetAsync($"{sheet}.xlsx", Ct)).Content.ReadAsByteArrayAsync(Ct);
        var csv = Encoding.UTF8.GetString(await (await corp.Manager.GetAsync($"{sheet}.csv", Ct)).Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF');
        var lines = csv.Split('\n');
        var before = await EventsAsync(corp.Tenant);
        foreach (var (name, bytes) in BrokenFiles(lines[0].TrimEnd('\r'), string.Join("\n", lines.Skip(1)), workbook))
        {
            var response = await corp.Manager.PostAsync(sheet, Upload(bytes, name), Ct);
            var problem = await ProblemAsync(response, name);
            if (name == "shift_jis.csv") Assert.Contains("UTF-8", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            if (response.StatusCode == HttpStatusCode.UnprocessableEntity) Assert.NotEmpty(problem["errors"]!.AsArray());
            Assert.Equal(before, await EventsAsync(corp.Tenant));
        }
    }

    [Fact]
    public async Task The_rate_table_import_refuses_every_broken_file_with_a_problem_and_publishes_nothing()
    {
        var operatorClient = portal.OperatorClient();
        var entries = Fy2011Seed.Entries();
        var csv = Encoding.UTF8.GetString(RateTableFiles.ToCsv(entries)).TrimStart('\uFEFF');
        var lines = csv.Split('\n');
        var before = await VersionsAsync(operatorClient);
        foreach (var (name, bytes) in BrokenFiles(lines[0].TrimEnd('\r'), string.Join("\n", lines.Skip(1)), RateTableFiles.ToXlsx(entries)))
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent("壊れ県" + Guid.NewGuid().ToString("N")[..6]), "jurisdiction" },
                { new StringContent("2011"), "fiscalYear" },
                { new StringContent("2011-04-01"), "effectiveFrom" },
                { new StringContent("テスト通知"), "notice" },
                { new StringContent("Floor"), "rounding" },
                { new StringContent("壊れたファイルの取込"), "reason" },
            };
            form.Add(File(bytes), "file", name);
            var problem = await ProblemAsync(await operatorClient.PostAsync("/api/operator/rate-tables/import", form, Ct), name);
            var messages = problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>())).ToList();
            Assert.NotEmpty(messages);
            if (name == "shift_jis.csv") Assert.Contains(messages, m => m.Contains("UTF-8", StringComparison.Ordinal));
            Assert.Equal(before, await VersionsAsync(operatorClient));
        }
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, string file)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{file}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!;
    }

    private static async Task<int> VersionsAsync(HttpClient client) =>
        JsonNode.Parse(await client.GetStringAsync("/api/operator/rate-tables", Ct))!.AsArray().Count;

    private static ByteArrayContent File(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return file;
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string name) => new() { { File(bytes), "file", name } };

    private async Task<long> EventsAsync(TenantInfo tenant)
    {
        await using var conn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(portal.ConnectionString) { Database = tenant.DatabaseName, Pooling = false }.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select count(*) from hidamari.mt_events", conn);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }
}
