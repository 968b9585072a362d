using System.Diagnostics;
using System.Net;
using System.Text;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using Hidamari.Tests.Infrastructure;
using MiniExcelLibs;

namespace Hidamari.Tests.Features.Subsidies;

[Trait("Category", "Subsidies")]
public sealed class ClaimsApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly EstimateFigures Figures = new(ResidentsByAge.Unbanded(45), 0,
        [StaffPost.Psychologist, StaffPost.Nurse, StaffPost.IndividualCare, StaffPost.FamilySupport, StaffPost.Senior], "9%");

    private async Task<(Hidamari.Tenancy.TenantInfo Tenant, HttpClient Client, Guid ClaimId)> PreparedClaimAsync(string stem)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId(stem));
        var client = portal.ClientFor(tenant, "finance");
        var facility = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都世田谷区", mainCapacity = 45, effectiveOn = "2011-04-01" })).ReadAsync<Created>())!.Id;
        var prepared = await client.PostJsonAsync($"/api/t/{tenant.Id}/claims", new { facilityId = facility, month = "2011-05-01", figures = Figures });
        Assert.Equal(HttpStatusCode.Created, prepared.StatusCode);
        return (tenant, client, (await prepared.ReadAsync<Created>())!.Id);
    }

    private static async Task<ClaimDetail> GetAsync(HttpClient client, string tenant, Guid id) =>
        (await (await client.GetAsync($"/api/t/{tenant}/claims/{id}")).ReadAsync<ClaimDetail>())!;

    [Fact]
    public async Task Finance_prepares_adjusts_with_a_reason_locks_and_corrects_with_a_new_version_showing_the_difference()
    {
        var (tenant, client, id) = await PreparedClaimAsync("claim");
        var claim = (await GetAsync(client, tenant.Id, id)).Claim;
        Assert.Equal(244_796 * 45, claim.TotalYen);
        Assert.Equal("ひだまり学園", claim.FacilityName);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/adjustments",
            new { lineCode = "OtherBudgetAverage", amountYen = 500_000, reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/adjustments",
            new { lineCode = "OtherBudgetAverage", amountYen = 500_000, reason = "医療費の実費精算" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/lock", new { })).StatusCode);

        var locked = (await GetAsync(client, tenant.Id, id)).Claim;
        Assert.True(locked.Locked);
        Assert.Equal(244_796 * 45 - 17_500, locked.TotalYen);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/adjustments",
            new { lineCode = "GeneralLiving", amountYen = 1, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims",
            new { facilityId = locked.FacilityId, month = "2011-05-01", figures = Figures })).StatusCode);
        Assert.Equal(locked.TotalYen, (await GetAsync(client, tenant.Id, id)).Claim.TotalYen);

        var corrected = await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/corrections",
            new { reason = "5月の現員を43人に訂正", figures = Figures with { Residents = ResidentsByAge.Unbanded(43) } });
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var v2 = await GetAsync(client, tenant.Id, (await corrected.ReadAsync<Created>())!.Id);
        Assert.Equal((2, id, "5月の現員を43人に訂正"), (v2.Claim.VersionNumber, v2.Claim.PreviousClaimId, v2.Claim.Reason));
        Assert.Equal(244_796 * 45 - (47_430 + 11_500) * 2 - locked.TotalYen, v2.Difference!.DifferenceYen);
        Assert.False((await GetAsync(client, tenant.Id, id)).Latest);

        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/corrections", new { reason = "二重" })).StatusCode);

        var year = (await (await client.GetAsync($"/api/t/{tenant.Id}/claims/year/2011")).ReadAsync<ClaimYear>())!;
        var month = Assert.Single(Assert.Single(year.Facilities).Months);
        Assert.Equal((2, v2.Claim.TotalYen), (month.VersionNumber, month.TotalYen));
    }

    [Fact]
    public async Task The_csv_and_excel_exports_read_back_to_the_claims_lines_and_total()
    {
        var (tenant, client, id) = await PreparedClaimAsync("exp");
        var claim = (await GetAsync(client, tenant.Id, id)).Claim;

        var csv = await client.GetAsync($"/api/t/{tenant.Id}/claims/{id}/export.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()).TrimStart('\uFEFF');
        Assert.StartsWith("措置費請求書", text, StringComparison.Ordinal);
        using (var reader = CsvHelper.CsvReader.FromText(text[text.IndexOf("コード,", StringComparison.Ordinal)..], new CsvHelper.CsvReaderOptions()))
        {
            var rows = new List<(string Code, long Claimed)>();
            while (reader.Read())
                if (reader.GetString("コード") is { Length: > 0 } code && code != "合計") rows.Add((code, long.Parse(reader.GetString("請求額"), System.Globalization.CultureInfo.InvariantCulture)));
                else if (reader.GetString("コード") == "合計") break;
            Assert.Equal(claim.Lines.Select(l => (l.Line.Code, l.ClaimedYen)), rows);
        }

        var xlsx = await client.GetAsync($"/api/t/{tenant.Id}/claims/{id}/export.xlsx");
        using var stream = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var sheet = stream.Query(useHeaderRow: true, sheetName: "請求明細").Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(claim.Lines.Select(l => l.Line.Code).Append("合計"), sheet.Select(r => r["コード"]?.ToString()));
        Assert.Equal(claim.TotalYen, Convert.ToInt64(sheet[^1]["請求額"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(125_920, Convert.ToInt64(sheet[0]["単価"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_pdf_is_a_japanese_form_that_pdftotext_can_read()
    {
        var (tenant, client, id) = await PreparedClaimAsync("pdf");
        await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/lock", new { });

        var pdf = await client.GetAsync($"/api/t/{tenant.Id}/claims/{id}/export.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        var path = Path.Combine(Path.GetTempPath(), $"claim-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, await pdf.Content.ReadAsByteArrayAsync());
        try
        {
            var start = new ProcessStartInfo("pdftotext", ["-layout", path, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Contains("措置費請求書", text, StringComparison.Ordinal);
            Assert.Contains("ひだまり学園", text, StringComparison.Ordinal);
            Assert.Contains("平成23年5月分", text, StringComparison.Ordinal);
            Assert.Contains("一般保護単価", text, StringComparison.Ordinal);
            Assert.Contains("125,920", text, StringComparison.Ordinal);
            Assert.Contains((244_796L * 45).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
            Assert.Contains("確定", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Another_tenants_claim_is_not_found()
    {
        var (_, _, id) = await PreparedClaimAsync("own");
        var other = await portal.CreateTenantAsync(PortalFactory.NewTenantId("other"));
        var client = portal.ClientFor(other, "finance");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/t/{other.Id}/claims/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync($"/api/t/{other.Id}/claims/{id}/lock", new { })).StatusCode);
    }

    [Fact]
    public async Task A_claim_missing_rates_cannot_be_locked_until_the_operator_imports_a_table_and_the_draft_is_recalculated()
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId("later"));
        var client = portal.ClientFor(tenant, "finance");
        var facility = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "東京育成園", address = "東京都世田谷区", mainCapacity = 53, effectiveOn = "2021-04-01" })).ReadAsync<Created>())!.Id;
        var id = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims",
            new { facilityId = facility, month = "2021-09-01", figures = Figures with { Residents = ResidentsByAge.Unbanded(50) } })).ReadAsync<Created>())!.Id;
        Assert.False((await GetAsync(client, tenant.Id, id)).Claim.Statement.IsComplete);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/lock", new { })).StatusCode);

        // The operator imports a 令和3年度 table (illustrative figures for the test) as a new version: data, not code.
        var rows = Fy2011Seed.Entries().Select(e => e.Item switch
        {
            RateItems.BasicProtection => e with { CapacityFrom = 51, CapacityTo = 55, Yen = 120_000 },
            RateItems.StaffAddOn => e with { CapacityFrom = 51, CapacityTo = 55, Yen = 30_000 },
            _ => e,
        });
        var form = new MultipartFormDataContent
        {
            { new StringContent("全国"), "jurisdiction" }, { new StringContent("2021"), "fiscalYear" }, { new StringContent("2021-04-01"), "effectiveFrom" },
            { new StringContent("令和3年度 テスト通知"), "notice" }, { new StringContent("Floor"), "rounding" }, { new StringContent("令和3年度単価の取込"), "reason" },
            { new ByteArrayContent(Hidamari.Portal.Features.Subsidies.RateTables.RateTableFiles.ToCsv(rows)), "file", "r3.csv" },
        };
        Assert.Equal(HttpStatusCode.Created, (await portal.OperatorClient().PostAsync("/api/operator/rate-tables/import", form)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/recalculate", new { })).StatusCode);
        var recalculated = (await GetAsync(client, tenant.Id, id)).Claim;
        Assert.True(recalculated.Statement.IsComplete);
        Assert.Equal(120_000, recalculated.Lines.Single(l => l.Line.Code == "BasicProtection").Line.UnitYen);
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/lock", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/t/{tenant.Id}/claims/{id}/recalculate", new { })).StatusCode);
    }
}
