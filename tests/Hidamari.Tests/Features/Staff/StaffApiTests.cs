using System.Net;
using Hidamari.Portal.Features.Staff;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Staff;

/// Through the real HTTP surface on real PostgreSQL.
[Trait("Category", "Staff")]
public sealed class StaffApiTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    internal sealed record CorporationWithOneFacility(TenantInfo Tenant, HttpClient Manager, Guid FacilityId)
    {
        public string Staff => $"/api/t/{Tenant.Id}/staff";
    }

    internal static async Task<CorporationWithOneFacility> CorporationWithOneFacilityAsync(PortalFactory portal, string stem, int capacity = 50)
    {
        var tenant = await portal.CreateTenantAsync(PortalFactory.NewTenantId(stem));
        var client = portal.ClientFor(tenant, "manager");
        var response = await client.PostJsonAsync($"/api/t/{tenant.Id}/facilities",
            new { kind = "ChildrensHome", name = "ひだまり学園", address = "東京都世田谷区", mainCapacity = capacity, effectiveOn = "2021-04-01" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new CorporationWithOneFacility(tenant, client, (await response.ReadAsync<Created>())!.Id);
    }

    internal static async Task<Guid> HireCareWorkerAsync(CorporationWithOneFacility corp, string name, string hiredOn = "2024-04-01")
    {
        var response = await corp.Manager.PostJsonAsync(corp.Staff, new
        {
            name, nameKana = "", hiredOn, category = "ChildCareWorker", employment = "FullTime", weeklyHours = 0, priorExperienceYears = 3,
            facilityId = corp.FacilityId,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadAsync<Created>())!.Id;
        Assert.Equal(HttpStatusCode.Created, (await corp.Manager.PostJsonAsync($"{corp.Staff}/{id}/qualifications",
            new { kind = "ChildCareWorker", obtainedOn = "2015-03-31" })).StatusCode);
        return id;
    }

    [Fact]
    public async Task Must_show_ten_school_age_and_four_pre_school_need_three_direct_care_posts_and_one_leaving_opens_a_gap()
    {
        var corp = await CorporationWithOneFacilityAsync(portal, "staff-must");
        Assert.Equal(HttpStatusCode.OK, (await corp.Manager.PostJsonAsync($"{corp.Staff}/compliance/{corp.FacilityId}/inputs",
            new { month = "2024-04-01", infants = 0, toddlers = 0, preSchool = 4, schoolAge = 10, receivingTherapy = 0, smallGroupUnits = 0 })).StatusCode);
        var ids = new List<Guid>();
        foreach (var name in new[] { "青木 一郎", "石田 二郎", "上野 三郎" }) ids.Add(await HireCareWorkerAsync(corp, name));

        var before = await (await corp.Manager.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-10-01")).ReadAsync<ComplianceView>();
        var direct = before!.Compliance.Lines.Single(l => l.Post == PostKind.DirectCare);
        Assert.Equal((3, 3m, 0m), (direct.Required, direct.Assigned, direct.Gap));
        Assert.Equal(2.67m, before.Compliance.DirectCareExact);
        Assert.Equal(PostRounding.SumThenRoundUp, before.Compliance.Rounding);
        Assert.Equal(new DateOnly(2024, 4, 1), before.InputsMonth);

        Assert.Equal(HttpStatusCode.OK, (await corp.Manager.PostJsonAsync($"{corp.Staff}/{ids[2]}/assignments",
            new { facilityId = (Guid?)null, effectiveOn = "2024-09-01" })).StatusCode);

        var after = await (await corp.Manager.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-10-01")).ReadAsync<ComplianceView>();
        Assert.Equal(1m, after!.Compliance.Lines.Single(l => l.Post == PostKind.DirectCare).Gap);
        // As of August the third was still there.
        var august = await (await corp.Manager.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-08-31")).ReadAsync<ComplianceView>();
        Assert.Equal(0m, august!.Compliance.Lines.Single(l => l.Post == PostKind.DirectCare).Gap);
    }

    [Fact]
    public async Task A_staff_viewer_and_finance_see_counts_and_fte_by_category_but_no_names()
    {
        var corp = await CorporationWithOneFacilityAsync(portal, "staff-roles");
        await HireCareWorkerAsync(corp, "秘密 花子");
        var partTime = await corp.Manager.PostJsonAsync(corp.Staff, new
        {
            name = "非常勤 次郎", hiredOn = "2024-04-01", category = "ChildCareWorker", employment = "PartTime", weeklyHours = 20, priorExperienceYears = 0,
        });
        Assert.Equal(HttpStatusCode.Created, partTime.StatusCode);

        foreach (var role in new[] { "staff-viewer", "finance" })
        {
            var client = portal.ClientFor(corp.Tenant, role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(corp.Staff)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"{corp.Staff}/alerts")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync(corp.Staff, new { name = "x" })).StatusCode);

            var summaryResponse = await client.GetAsync($"{corp.Staff}/summary?asOf=2024-10-01");
            var body = await summaryResponse.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, summaryResponse.StatusCode);
            Assert.DoesNotContain("秘密", body, StringComparison.Ordinal);
            Assert.DoesNotContain("非常勤 次郎", body, StringComparison.Ordinal);
            var summary = System.Text.Json.JsonSerializer.Deserialize<StaffSummary>(body, Json.Options)!;
            var care = Assert.Single(summary.Categories);
            Assert.Equal((JobCategory.ChildCareWorker, 1, 1, 1.5m), (care.Category, care.FullTime, care.PartTime, care.Fte));

            var compliance = await client.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-10-01");
            Assert.Equal(HttpStatusCode.OK, compliance.StatusCode);
            Assert.DoesNotContain("秘密", await compliance.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var roster = await (await corp.Manager.GetAsync($"{corp.Staff}?asOf=2024-10-01")).ReadAsync<Roster>();
        Assert.Contains(roster!.Rows, r => r.Name == "秘密 花子" && r.FacilityName == "ひだまり学園" && r.Fte == 1m);
        Assert.Contains(roster.Rows, r => r.Name == "非常勤 次郎" && r.Fte == 0.5m);
    }

    [Fact]
    public async Task A_qualification_expiring_in_30_days_is_an_alert_for_managers_and_a_count_for_others()
    {
        var corp = await CorporationWithOneFacilityAsync(portal, "staff-alert");
        var id = await HireCareWorkerAsync(corp, "期限 近子");
        var today = portal.Services.GetRequiredService<StaffQueries>().Today;
        Assert.Equal(HttpStatusCode.Created, (await corp.Manager.PostJsonAsync($"{corp.Staff}/{id}/qualifications",
            new { kind = "FirstAid", obtainedOn = today.AddYears(-3).AddDays(30).ToString("yyyy-MM-dd"), expiresOn = today.AddDays(30).ToString("yyyy-MM-dd") })).StatusCode);

        var alerts = await (await corp.Manager.GetAsync($"{corp.Staff}/alerts")).ReadAsync<StaffAlertList>();
        var alert = Assert.Single(alerts!.Alerts);
        Assert.Equal((StaffAlertKind.QualificationExpiring, "期限 近子", today.AddDays(30)), (alert.Kind, alert.StaffName, alert.DueOn));

        var counts = await (await portal.ClientFor(corp.Tenant, "staff-viewer").GetAsync($"{corp.Staff}/alerts/counts"))
            .ReadAsync<Dictionary<StaffAlertKind, int>>();
        Assert.Equal(1, counts![StaffAlertKind.QualificationExpiring]);
    }

    [Fact]
    public async Task Invalid_commands_are_refused_with_field_errors_and_nothing_is_stored()
    {
        var corp = await CorporationWithOneFacilityAsync(portal, "staff-invalid");
        var response = await corp.Manager.PostJsonAsync(corp.Staff, new
        {
            name = "", hiredOn = "2024-04-01", category = "ChildCareWorker", employment = "PartTime", weeklyHours = 0, priorExperienceYears = 0,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"name\"", body, StringComparison.Ordinal);
        Assert.Contains("\"weeklyHours\"", body, StringComparison.Ordinal);
        Assert.Empty((await (await corp.Manager.GetAsync(corp.Staff)).ReadAsync<Roster>())!.Rows);

        Assert.Equal(HttpStatusCode.NotFound, (await corp.Manager.PostJsonAsync($"{corp.Staff}/{Guid.NewGuid()}/departure", new { leftOn = "2024-04-01" })).StatusCode);
    }

    [Fact]
    public async Task A_training_session_with_the_senior_staff_member_closes_the_senior_post_gap_and_costs_feed_the_fiscal_year()
    {
        var corp = await CorporationWithOneFacilityAsync(portal, "staff-train");
        var senior = await corp.Manager.PostJsonAsync(corp.Staff, new
        {
            name = "基幹 太郎", hiredOn = "2015-04-01", category = "SeniorStaff", employment = "FullTime", weeklyHours = 0, priorExperienceYears = 2,
            facilityId = corp.FacilityId,
        });
        var seniorId = (await senior.ReadAsync<Created>())!.Id;
        var course = await corp.Manager.PostJsonAsync($"{corp.Staff}/training/courses", new
        {
            title = "基幹的職員研修", provider = "External", category = "SeniorStaff", hours = 30, feePerParticipant = 20_000, mandatoryFor = Array.Empty<string>(),
        });
        Assert.Equal(HttpStatusCode.Created, course.StatusCode);
        var courseId = (await course.ReadAsync<Created>())!.Id;
        Assert.Equal(HttpStatusCode.OK, (await corp.Manager.PostJsonAsync($"{corp.Staff}/training/plans/2024",
            new { courseId, plannedParticipants = 2, budget = 50_000 })).StatusCode);

        var gapBefore = await (await corp.Manager.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-12-01")).ReadAsync<ComplianceView>();
        Assert.Equal(1m, gapBefore!.Compliance.Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);

        // Finance may plan courses but not record who attended (personal data).
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(corp.Tenant, "finance").PostJsonAsync($"{corp.Staff}/training/courses/{courseId}/sessions",
            new { heldOn = "2024-11-15", hours = 30, sessionCost = 0, attendees = new[] { new { staffId = seniorId, hours = 30, completed = true } } })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await corp.Manager.PostJsonAsync($"{corp.Staff}/training/courses/{courseId}/sessions",
            new { heldOn = "2024-11-15", location = "東京都研修センター", hours = 30, sessionCost = 5_000,
                attendees = new[] { new { staffId = seniorId, hours = 30, completed = true, certificateNumber = "K-2024-01" } } })).StatusCode);

        var gapAfter = await (await corp.Manager.GetAsync($"{corp.Staff}/compliance/{corp.FacilityId}?asOf=2024-12-01")).ReadAsync<ComplianceView>();
        Assert.Equal(0m, gapAfter!.Compliance.Lines.Single(l => l.Post == PostKind.SeniorStaff).Gap);
        Assert.Contains(gapAfter.Compliance.AddOns, a => a is { Kind: AddOnKind.SeniorStaff, Qualifies: true });
        var addOns = await portal.Services.GetRequiredService<IStaffingAddOns>().AddOnsAsync(corp.Tenant, corp.FacilityId, new DateOnly(2024, 12, 1), CancellationToken.None);
        Assert.Contains(addOns!, a => a is { Kind: AddOnKind.SeniorStaff, Qualifies: true });

        var costs = await (await portal.ClientFor(corp.Tenant, "finance").GetAsync($"{corp.Staff}/training/costs?fiscalYear=2024")).ReadAsync<TrainingCosts>();
        var line = Assert.Single(costs!.Courses);
        Assert.Equal((25_000L, 50_000L, 1, 2, 30m), (line.Cost, line.Budget, line.Participants, line.PlannedParticipants, line.PersonHours));
        var viaInterface = await portal.Services.GetRequiredService<ITrainingCosts>().CostsAsync(corp.Tenant, 2024, CancellationToken.None);
        Assert.Equal(25_000, viaInterface.Total);

        var record = await corp.Manager.GetAsync($"{corp.Staff}/training/record.csv?fiscalYear=2024");
        var recordText = System.Text.Encoding.UTF8.GetString(await record.Content.ReadAsByteArrayAsync());
        Assert.Contains("基幹 太郎", recordText, StringComparison.Ordinal);
        Assert.Contains("K-2024-01", recordText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await portal.ClientFor(corp.Tenant, "finance").GetAsync($"{corp.Staff}/training/record.csv")).StatusCode);

        // An attendee who was not employed on the day is refused.
        var refused = await corp.Manager.PostJsonAsync($"{corp.Staff}/training/courses/{courseId}/sessions",
            new { heldOn = "2010-01-15", hours = 30, sessionCost = 0, attendees = new[] { new { staffId = seniorId, hours = 30, completed = true } } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_staff_endpoints()
    {
        var response = await portal.NewClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("StaffingCompliance", body, StringComparison.Ordinal);
        Assert.Contains("/api/t/{tenant}/staff/import", body, StringComparison.Ordinal);
    }
}
