using System.Net;
using System.Net.Http.Headers;
using Hidamari.Portal.Features.Leases;
using Hidamari.Portal.Features.Leases.Costs;
using Hidamari.Portal.Features.Leases.CriticalDates;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Leases;

/// Through the real HTTP surface on real PostgreSQL: a corporation with one group home.
[Trait("Category", "Leases")]
public sealed class LeasesApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private sealed record CorporationWithOneGroupHome(TenantInfo Tenant, HttpClient Client, Guid GroupHomeId)
    {
        public string Leases => $"/api/t/{Tenant.Id}/leases";
    }

    private async Task<CorporationWithOneGroupHome> CorporationWithOneGroupHomeAsync(string stem)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId(stem));
        var client = portal.ClientFor(tenant, "manager");
        var facility = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都世田谷区", mainCapacity = 24, effectiveOn = "2021-04-01" })).ReadAsync<Created>())!.Id;
        var gh = (await (await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities/{facility}/group-homes",
            new { kind = "RegionalSmallScale", name = "ひだまりホーム", capacity = 4, openedOn = "2024-03-01" })).ReadAsync<Created>())!.Id;
        return new CorporationWithOneGroupHome(tenant, client, gh);
    }

    private static async Task<Guid> SignAsync(CorporationWithOneGroupHome corp, LeaseTerms terms)
    {
        var response = await corp.Client.PostJsonAsync(corp.Leases, new { groupHomeId = corp.GroupHomeId, terms });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Created>())!.Id;
    }

    [Fact]
    public async Task A_lease_starting_mid_February_2024_costs_the_prorated_yen_in_FY2023_for_the_group_home_and_the_corporation()
    {
        var corp = await CorporationWithOneGroupHomeAsync("cost");
        var id = await SignAsync(corp, LeaseExamples.Terms(new DateOnly(2024, 2, 15)));

        var gh = await (await corp.Client.GetAsync($"{corp.Leases}/costs/group-homes/{corp.GroupHomeId}?fiscalYear=2023")).ReadAsync<GroupHomeLeaseCosts>();
        var all = await (await corp.Client.GetAsync($"{corp.Leases}/costs?fiscalYear=2023")).ReadAsync<CorporationLeaseCosts>();

        Assert.Equal(77_586, gh!.Months[10].Rent);
        Assert.Equal(227_586, gh.Recurring);
        Assert.Equal(390_000, gh.OneOff);
        Assert.Equal("ひだまりホーム", gh.GroupHomeName);
        Assert.Contains("切り捨て", gh.RoundingRule);
        Assert.Equal(gh.Total, all!.Total);
        Assert.Equal(id, gh.OneOffs.Select(o => o.LeaseId).Distinct().Single());

        var services = portal.Services.GetRequiredService<ILeaseCosts>();
        var viaInterface = await services.ForGroupHomeAsync(corp.Tenant, corp.GroupHomeId, 2024, new DateOnly(2024, 6, 30), CancellationToken.None);
        Assert.Equal(450_000, viaInterface.Recurring);
    }

    [Fact]
    public async Task Rent_revision_renewal_and_termination_are_recorded_as_events_and_shape_the_lease()
    {
        var corp = await CorporationWithOneGroupHomeAsync("life");
        var id = await SignAsync(corp, LeaseExamples.Terms(new DateOnly(2024, 4, 1)));

        Assert.Equal(HttpStatusCode.OK, (await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/rent-revisions",
            new { effectiveOn = "2025-04-01", monthlyRent = 160_000, commonCharges = 3_000, note = "改定" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/renewals",
            new { renewedOn = "2026-03-01", newEndsOn = "2028-03-31", fee = 160_000, expectedVersion = 2 })).StatusCode);
        var stale = await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/termination",
            new { moveOutOn = "2026-09-30", depositReturned = 250_000, expectedVersion = 2 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/termination",
            new { noticeGivenOn = "2026-07-31", moveOutOn = "2026-09-30", depositReturned = 250_000, expectedVersion = 3 })).StatusCode);

        var lease = (await (await corp.Client.GetAsync($"{corp.Leases}/{id}")).ReadAsync<LeaseListItem>())!.Lease;
        Assert.Equal(4, lease.Version);
        Assert.Equal(new DateOnly(2028, 3, 31), lease.EndsOn);
        Assert.Equal((160_000L, 3_000L), lease.RentOn(new DateOnly(2026, 1, 1)));
        Assert.Equal(new DateOnly(2026, 9, 30), lease.Termination!.MoveOutOn);

        // FY2026: April–September at 160,000, the 更新料 was paid in FY2025, and 50,000 of the 敷金 was kept.
        var fy2026 = await (await corp.Client.GetAsync($"{corp.Leases}/costs?fiscalYear=2026")).ReadAsync<CorporationLeaseCosts>();
        Assert.Equal(160_000 * 6, fy2026!.Rent);
        Assert.Equal(50_000, fy2026.OneOff);
        Assert.Equal(250_000, fy2026.DepositReturned);

        using var events = portal.Services.GetRequiredService<TenantStores>().QuerySession(corp.Tenant);
        var stream = await events.Events.FetchStreamAsync(id);
        Assert.Equal([typeof(LeaseSigned), typeof(LeaseRentRevised), typeof(LeaseRenewed), typeof(LeaseTerminated)], stream.Select(e => e.EventType));
    }

    [Fact]
    public async Task Broken_rules_and_bad_input_are_refused_with_field_messages_and_nothing_is_stored()
    {
        var corp = await CorporationWithOneGroupHomeAsync("bad");
        var terms = LeaseExamples.Terms(new DateOnly(2024, 4, 1));

        var badTerms = await corp.Client.PostJsonAsync(corp.Leases, new { groupHomeId = corp.GroupHomeId, terms = terms with { MonthlyRent = 0, Landlord = "" } });
        var unknownGh = await corp.Client.PostJsonAsync(corp.Leases, new { groupHomeId = Guid.NewGuid(), terms });
        var id = await SignAsync(corp, terms);
        var fixedRenewal = await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/renewals", new { renewedOn = "2026-03-01", newEndsOn = "2025-03-31", fee = 0 });
        var tooMuchBack = await corp.Client.PostJsonAsync($"{corp.Leases}/{id}/termination", new { moveOutOn = "2026-03-31", depositReturned = 999_999 });

        Assert.Equal(HttpStatusCode.BadRequest, badTerms.StatusCode);
        var problem = await badTerms.ReadAsync<ValidationProblem>();
        Assert.Equal(["landlord", "monthlyRent"], problem!.Errors.Keys.Order());
        Assert.Equal(HttpStatusCode.BadRequest, unknownGh.StatusCode);
        Assert.True((await fixedRenewal.ReadAsync<ValidationProblem>())!.Errors.ContainsKey("newEndsOn"));
        Assert.True((await tooMuchBack.ReadAsync<ValidationProblem>())!.Errors.ContainsKey("depositReturned"));
        var lease = (await (await corp.Client.GetAsync($"{corp.Leases}/{id}")).ReadAsync<LeaseListItem>())!.Lease;
        Assert.Equal(1, lease.Version);
        Assert.Single(await (await corp.Client.GetAsync(corp.Leases)).ReadAsync<List<LeaseListItem>>() ?? []);
        Assert.Equal(HttpStatusCode.NotFound, (await corp.Client.GetAsync($"{corp.Leases}/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await corp.Client.PostJsonAsync($"{corp.Leases}/{Guid.NewGuid()}/renewals",
            new { renewedOn = "2026-03-01", newEndsOn = "2028-03-31", fee = 0 })).StatusCode);
    }

    [Fact]
    public async Task A_notice_deadline_appears_in_the_critical_dates_on_the_first_day_of_the_window()
    {
        var corp = await CorporationWithOneGroupHomeAsync("crit");
        await SignAsync(corp, LeaseExamples.Terms(new DateOnly(2024, 4, 1), noticeMonths: 2));
        // Notice deadline 2026-01-31; with a 30-day window it first shows on 2026-01-01.

        var before = await (await corp.Client.GetAsync($"{corp.Leases}/critical-dates?from=2025-12-31&days=30")).ReadAsync<CriticalDateList>();
        var first = await (await corp.Client.GetAsync($"{corp.Leases}/critical-dates?from=2026-01-01&days=30")).ReadAsync<CriticalDateList>();

        Assert.Empty(before!.Dates);
        var item = Assert.Single(first!.Dates);
        Assert.Equal((CriticalDateKind.NoticeDeadline, new DateOnly(2026, 1, 31), "ひだまりホーム"), (item.Date.Kind, item.Date.On, item.GroupHomeName));
        Assert.Equal(30, first.WindowDays);
    }

    [Fact]
    public async Task A_pdf_is_stored_with_its_event_and_a_renamed_executable_or_an_oversized_file_is_refused()
    {
        var corp = await CorporationWithOneGroupHomeAsync("docs");
        var id = await SignAsync(corp, LeaseExamples.Terms(new DateOnly(2024, 4, 1)));

        static MultipartFormDataContent Upload(byte[] bytes, string name, string claimedType)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(claimedType);
            return new MultipartFormDataContent { { file, "file", name }, { new StringContent("賃貸借契約書"), "description" } };
        }

        var pdf = await corp.Client.PostAsync($"{corp.Leases}/{id}/documents", Upload(DocumentTypesTests.Pdf, "契約書.pdf", "application/pdf"));
        var exe = await corp.Client.PostAsync($"{corp.Leases}/{id}/documents", Upload(DocumentTypesTests.Executable, "contract.pdf", "application/pdf"));
        var big = new byte[Hidamari.Portal.Infrastructure.DocumentTypes.MaxBytes + 1];
        DocumentTypesTests.Pdf.CopyTo(big, 0);
        var oversized = await corp.Client.PostAsync($"{corp.Leases}/{id}/documents", Upload(big, "big.pdf", "application/pdf"));

        Assert.Equal(HttpStatusCode.Created, pdf.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, exe.StatusCode);
        Assert.True((await exe.ReadAsync<ValidationProblem>())!.Errors.ContainsKey("file"));
        Assert.Equal(HttpStatusCode.BadRequest, oversized.StatusCode);

        var documentId = (await pdf.ReadAsync<Created>())!.Id;
        var download = await corp.Client.GetAsync($"{corp.Leases}/{id}/documents/{documentId}");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal(DocumentTypesTests.Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        var lease = (await (await corp.Client.GetAsync($"{corp.Leases}/{id}")).ReadAsync<LeaseListItem>())!.Lease;
        var document = Assert.Single(lease.Documents);
        Assert.Equal(("契約書.pdf", "賃貸借契約書", (long)DocumentTypesTests.Pdf.Length), (document.FileName, document.Description, document.Size));
        // Only the accepted file's bytes are in the tenant's database: the refused ones left nothing behind.
        using var session = portal.Services.GetRequiredService<TenantStores>().QuerySession(corp.Tenant);
        Assert.Equal([documentId], await session.Query<LeaseDocumentContent>().Select(d => d.Id).ToListAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await corp.Client.GetAsync($"{corp.Leases}/{Guid.NewGuid()}/documents/{documentId}")).StatusCode);
    }

    [Fact]
    public async Task The_register_exports_as_excel_and_csv()
    {
        var corp = await CorporationWithOneGroupHomeAsync("exp");
        await SignAsync(corp, LeaseExamples.Terms(new DateOnly(2024, 4, 1)) with { Landlord = "=HYPERLINK(\"x\")" });

        var excel = await corp.Client.GetAsync($"{corp.Leases}/register.xlsx");
        var csv = await corp.Client.GetAsync($"{corp.Leases}/register.csv");

        Assert.Equal(HttpStatusCode.OK, excel.StatusCode);
        var xlsx = await excel.Content.ReadAsByteArrayAsync();
        Assert.Equal("PK"u8.ToArray(), xlsx[..2]);
        using (var stream = new MemoryStream(xlsx))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
            var row = Assert.Single(rows);
            Assert.Equal("ひだまりホーム", row["グループホーム"]);
            Assert.Equal(150_000d, Convert.ToDouble(row["月額賃料（円）"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("令和6年4月1日", row["契約開始日"]);
        }

        var text = System.Text.Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("施設,グループホーム,貸主", lines[0]);
        Assert.Contains("2024-04-01", lines[1]);
        Assert.Contains(",150000,", lines[1]);
        Assert.Contains("'=HYPERLINK", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    private sealed record ValidationProblem(string Title, int Status, Dictionary<string, string[]> Errors);
}
