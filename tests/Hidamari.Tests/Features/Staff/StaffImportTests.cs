using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Importing;
using Hidamari.Tests.Infrastructure;
using MiniExcelLibs;

namespace Hidamari.Tests.Features.Staff;

/// Import through the API (CSV and Excel, all or nothing) and the exports.
[Trait("Category", "Staff")]
public sealed class StaffImportTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static HttpContent File(byte[] bytes, string name)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/octet-stream");
        content.Add(file, "file", name);
        return content;
    }

    /// A refused import answers 422 problem+json; its row-level report is in the problem's extensions.
    internal static async Task<StaffImportResult> RefusalAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        var errors = problem["errors"].Deserialize<List<ImportRowError>>(Json.Options)!;
        Assert.NotEmpty(errors);
        return new StaffImportResult(problem["imported"]!.GetValue<int>(), errors);
    }

    private const string Header = "氏名,フリガナ,入職日,職種,雇用形態,週所定労働時間,前職経験年数,施設,グループホーム,ユニット,資格,資格取得日,資格有効期限";

    [Fact]
    public async Task A_csv_with_one_broken_row_stores_nothing_and_names_the_row_and_column()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "import-bad");
        var csv = string.Join("\n",
            Header,
            "青木 一郎,アオキ イチロウ,2024-04-01,保育士,常勤,,3,ひだまり学園,,さくら,保育士,2015-03-31,",
            "石田 二郎,イシダ ジロウ,2024/4/1,児童指導員,非常勤,20,0,ひだまり学園,,,社会福祉士,,",
            "上野 三郎,ウエノ サブロウ,2024-13-01,宇宙飛行士,常勤,,0,ない施設,,,,,");

        var response = await corp.Manager.PostAsync($"{corp.Staff}/import", File(Encoding.UTF8.GetBytes(csv), "staff.csv"));

        var result = await RefusalAsync(response);
        Assert.Equal(0, result!.Imported);
        Assert.All(result.Errors, e => Assert.Equal(4, e.Row));
        Assert.Contains(result.Errors, e => e.Column == "HiredOn");
        Assert.Contains(result.Errors, e => e.Column == "Category");
        Assert.Contains(result.Errors, e => e.Column == "Facility" && e.Message.Contains("ない施設", StringComparison.Ordinal));
        Assert.Empty((await (await corp.Manager.GetAsync(corp.Staff)).ReadAsync<Roster>())!.Rows);
    }

    [Fact]
    public async Task A_valid_csv_stores_every_row_with_its_qualifications_and_the_roster_exports_them()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "import-ok");
        var csv = "\uFEFF" + string.Join("\r\n",
            Header,
            "青木 一郎,アオキ イチロウ,2024-04-01,保育士,常勤,,3,ひだまり学園,,さくら,保育士・社会福祉士,2015-03-31,",
            "\"石田, 二郎\",イシダ ジロウ,2024/4/1,ChildInstructor,Part-time,20,0,ひだまり学園,,,Certified social worker,,");

        var response = await corp.Manager.PostAsync($"{corp.Staff}/import", File(Encoding.UTF8.GetBytes(csv), "staff.csv"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.ReadAsync<StaffImportResult>())!.Imported);

        var roster = (await (await corp.Manager.GetAsync($"{corp.Staff}?asOf=2024-10-01")).ReadAsync<Roster>())!;
        var aoki = roster.Rows.Single(r => r.Name == "青木 一郎");
        Assert.Equal((JobCategory.ChildCareWorker, "さくら", 2), (aoki.Category, aoki.Place!, aoki.Qualifications.Count));
        var ishida = roster.Rows.Single(r => r.Name == "石田, 二郎");
        Assert.Equal((EmploymentType.PartTime, 0.5m), (ishida.Employment, ishida.Fte));

        var export = await corp.Manager.GetAsync($"{corp.Staff}/roster.csv?asOf=2024-10-01");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var text = Encoding.UTF8.GetString(await export.Content.ReadAsByteArrayAsync());
        Assert.Contains("青木 一郎", text, StringComparison.Ordinal);
        Assert.Contains("\"石田, 二郎\"", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(corp.Tenant, "staff-viewer").GetAsync($"{corp.Staff}/roster.csv")).StatusCode);

        var excel = await corp.Manager.GetAsync($"{corp.Staff}/roster.xlsx?asOf=2024-10-01");
        using var stream = new MemoryStream(await excel.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => (string)r["氏名"] == "青木 一郎" && (string)r["職種"] == "保育士");
    }

    [Fact]
    public async Task An_excel_file_is_imported_and_a_broken_excel_row_is_reported_by_its_sheet_row()
    {
        var corp = await StaffApiTests.CorporationWithOneFacilityAsync(portal, "import-xlsx");
        byte[] Workbook(params object[][] data)
        {
            var headers = Header.Split(',');
            var rows = data.Select(values => (IDictionary<string, object?>)headers.Select((h, i) => (h, v: i < values.Length ? values[i] : null))
                .ToDictionary(x => x.h, x => x.v)).ToList();
            using var s = new MemoryStream();
            s.SaveAs(rows);
            return s.ToArray();
        }

        var bad = Workbook(
            ["佐藤 花子", "サトウ ハナコ", new DateTime(2023, 4, 1), "看護師", "常勤", null!, 5, "ひだまり学園", null!, null!, "看護師免許"],
            ["", "", new DateTime(2023, 4, 1), "看護師", "常勤", null!, 5, "ひだまり学園"]);
        var refused = await corp.Manager.PostAsync($"{corp.Staff}/import", File(bad, "staff.xlsx"));
        var error = Assert.Single((await RefusalAsync(refused)).Errors);
        Assert.Equal((3, "Name"), (error.Row, error.Column));

        var good = Workbook(["佐藤 花子", "サトウ ハナコ", new DateTime(2023, 4, 1), "看護師", "常勤", null!, 5, "ひだまり学園", null!, null!, "看護師免許"]);
        var stored = await corp.Manager.PostAsync($"{corp.Staff}/import", File(good, "staff.xlsx"));
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        var roster = (await (await corp.Manager.GetAsync(corp.Staff)).ReadAsync<Roster>())!;
        Assert.Equal((JobCategory.Nurse, new DateOnly(2023, 4, 1)), (roster.Rows.Single().Category, roster.Rows.Single().HiredOn));
    }
}
