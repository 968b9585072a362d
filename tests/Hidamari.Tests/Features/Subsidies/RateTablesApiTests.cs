using System.Net;
using System.Net.Http.Headers;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables;
using Hidamari.Tests.Infrastructure;

namespace Hidamari.Tests.Features.Subsidies;

/// Rate tables live in the shared reference store; each test publishes under its own jurisdiction so tests never meet.
[Trait("Category", "Subsidies")]
public sealed class RateTablesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _operator = portal.OperatorClient();

    private static string NewJurisdiction() => "テスト県" + Guid.NewGuid().ToString("N")[..6];

    private static MultipartFormDataContent ImportForm(byte[] file, string fileName, string jurisdiction, string effectiveFrom, string reason = "令和X年度通知の取込", Guid? supersedes = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(jurisdiction), "jurisdiction" },
            { new StringContent("2011"), "fiscalYear" },
            { new StringContent(effectiveFrom), "effectiveFrom" },
            { new StringContent("テスト通知"), "notice" },
            { new StringContent("Floor"), "rounding" },
            { new StringContent(reason), "reason" },
        };
        if (supersedes is { } id) form.Add(new StringContent(id.ToString()), "supersedes");
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(content, "file", fileName);
        return form;
    }

    private async Task<RateTableVersionSummary> InForce(string jurisdiction, string month)
    {
        var response = await _operator.GetAsync($"/api/operator/rate-tables/in-force?jurisdiction={Uri.EscapeDataString(jurisdiction)}&month={month}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<RateTableVersionSummary>())!;
    }

    [Fact]
    public async Task The_fy2011_seed_is_published_as_version_1_by_the_system_with_its_reason()
    {
        var list = await (await _operator.GetAsync("/api/operator/rate-tables")).ReadAsync<List<RateTableVersionSummary>>();
        var seed = Assert.Single(list!, v => v.Number == 1);
        Assert.Equal((Fy2011Seed.Id, "全国", 2011, new DateOnly(2011, 4, 1), "system"), (seed.Id, seed.Jurisdiction, seed.FiscalYear, seed.EffectiveFrom, seed.PublishedBy));
        Assert.Equal(Fy2011Seed.Reason, seed.Reason);

        var version = await (await _operator.GetAsync($"/api/operator/rate-tables/{Fy2011Seed.Id}")).ReadAsync<RateTableVersion>();
        Assert.Equal(Fy2011Seed.Entries(), version!.Entries);
    }

    [Fact]
    public async Task An_exported_version_imports_unchanged_as_csv_and_as_excel()
    {
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var export = await _operator.GetAsync($"/api/operator/rate-tables/{Fy2011Seed.Id}/export.{format}");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            var bytes = await export.Content.ReadAsByteArrayAsync();

            var jurisdiction = NewJurisdiction();
            var created = await _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(bytes, $"table.{format}", jurisdiction, "2011-04-01"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.ReadAsync<Created>())!.Id;

            var imported = await (await _operator.GetAsync($"/api/operator/rate-tables/{id}")).ReadAsync<RateTableVersion>();
            Assert.Equal(Fy2011Seed.Entries(), imported!.Entries);
            Assert.Equal(jurisdiction, imported.Jurisdiction);
            Assert.True(imported.Number > 1);
            Assert.Equal(("Published", "令和X年度通知の取込"), (imported.History[0].What, imported.History[0].Reason));
            Assert.StartsWith("operator.", imported.History[0].By, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_version_from_1_october_prices_only_october_onwards_and_a_correction_supersedes_without_editing()
    {
        var jurisdiction = NewJurisdiction();
        var csv = RateTableFiles.ToCsv(Fy2011Seed.Entries().Select(e => e.Item == RateItems.BasicProtection ? e with { Yen = 130_000 } : e));
        var october = (await (await _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(csv, "oct.csv", jurisdiction, "2011-10-01"))).ReadAsync<Created>())!.Id;

        Assert.Equal(1, (await InForce(jurisdiction, "2011-09-01")).Number);
        Assert.Equal(october, (await InForce(jurisdiction, "2011-10-01")).Id);
        Assert.Equal(october, (await InForce(jurisdiction, "2012-03-01")).Id);

        var fixedCsv = RateTableFiles.ToCsv(Fy2011Seed.Entries().Select(e => e.Item == RateItems.BasicProtection ? e with { Yen = 129_500 } : e));
        var correction = await _operator.PostAsync("/api/operator/rate-tables/import",
            ImportForm(fixedCsv, "fix.csv", jurisdiction, "2011-10-01", "10月版の一般保護単価の誤りを訂正", october));
        Assert.Equal(HttpStatusCode.Created, correction.StatusCode);
        var correctionId = (await correction.ReadAsync<Created>())!.Id;

        Assert.Equal(correctionId, (await InForce(jurisdiction, "2011-11-01")).Id);
        var old = await (await _operator.GetAsync($"/api/operator/rate-tables/{october}")).ReadAsync<RateTableVersion>();
        Assert.False(old!.InUse);
        Assert.Equal(130_000, old.Entries.Single(e => e.Item == RateItems.BasicProtection).Yen);
        Assert.Equal(["Published", "Superseded"], old.History.Select(h => h.What));
        Assert.Equal("10月版の一般保護単価の誤りを訂正", old.History[1].Reason);

        var again = await _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(fixedCsv, "fix.csv", jurisdiction, "2011-10-01", "再訂正", october));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Bad_files_and_missing_reasons_are_refused_with_the_row_and_nothing_is_published()
    {
        var before = (await (await _operator.GetAsync("/api/operator/rate-tables")).ReadAsync<List<RateTableVersionSummary>>())!.Count;
        var bad = System.Text.Encoding.UTF8.GetBytes(string.Join(",", RateTableFiles.Columns) + "\nBasicProtection,,ChildrensHome,,45,45,abc,,,,一般保護単価\n");

        var response = await _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(bad, "bad.csv", NewJurisdiction(), "2011-04-01"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("file[2].Yen", await response.Content.ReadAsStringAsync());

        var noReason = await _operator.PostAsync("/api/operator/rate-tables/import",
            ImportForm(RateTableFiles.ToCsv(Fy2011Seed.Entries()), "ok.csv", NewJurisdiction(), "2011-04-01", reason: ""));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);

        var after = (await (await _operator.GetAsync("/api/operator/rate-tables")).ReadAsync<List<RateTableVersionSummary>>())!.Count;
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Racing_publications_never_share_a_version_number()
    {
        var csv = RateTableFiles.ToCsv(Fy2011Seed.Entries());
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(csv, "race.csv", NewJurisdiction(), "2011-04-01"))));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        var numbers = (await (await _operator.GetAsync("/api/operator/rate-tables")).ReadAsync<List<RateTableVersionSummary>>())!.Select(v => v.Number).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
    }

    /// What two instances starting at once do with an incomplete seed (RateTableCommands.SeedCorrection): each publishes a
    /// correction of the same version. The version's stream is fetched for writing, so only one supersedes it.
    [Fact]
    public async Task Racing_corrections_of_one_version_supersede_it_once()
    {
        var jurisdiction = NewJurisdiction();
        var csv = RateTableFiles.ToCsv(Fy2011Seed.Entries());
        var original = (await (await _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(csv, "v.csv", jurisdiction, "2011-04-01"))).ReadAsync<Created>())!.Id;

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            _operator.PostAsync("/api/operator/rate-tables/import", ImportForm(csv, "fix.csv", jurisdiction, "2011-04-01", $"訂正 {i}", original))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.BadRequest }));
        var old = await (await _operator.GetAsync($"/api/operator/rate-tables/{original}")).ReadAsync<RateTableVersion>();
        Assert.Equal(["Published", "Superseded"], old!.History.Select(h => h.What));
        var inJurisdiction = (await (await _operator.GetAsync("/api/operator/rate-tables")).ReadAsync<List<RateTableVersionSummary>>())!
            .Where(v => v.Jurisdiction == jurisdiction).ToList();
        Assert.Equal(2, inJurisdiction.Count);
        Assert.Equal(inJurisdiction.Single(v => v.Id != original).Id, old.SupersededBy);
    }
}
