using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Tenancy;
using Marten;
using Microsoft.Extensions.Options;

namespace Hidamari.Portal.Features.Staff;

/// One row of the roster (名簿) as of a date: personal data, for managers only.
public sealed record RosterRow(
    Guid Id, string Name, string NameKana, JobCategory Category, EmploymentType Employment, decimal WeeklyHours, decimal Fte,
    decimal ExperienceYears, Guid? FacilityId, string? FacilityName, string? Place, DateOnly HiredOn, DateOnly? LeftOn,
    IReadOnlyList<Qualification> Qualifications, long Version);

public sealed record Roster(DateOnly AsOf, decimal FullTimeWeeklyHours, IReadOnlyList<RosterRow> Rows);

/// Headcount and FTE of one job category: what every role of the corporation may see.
public sealed record CategorySummary(JobCategory Category, int FullTime, int PartTime, decimal Fte);

public sealed record FacilityStaffSummary(Guid FacilityId, string FacilityName, int Headcount, decimal Fte);

public sealed record StaffSummary(
    DateOnly AsOf, decimal FullTimeWeeklyHours, int Headcount, decimal Fte, IReadOnlyList<CategorySummary> Categories,
    IReadOnlyList<FacilityStaffSummary> Facilities);

/// <summary>The facility's compliance and where its inputs came from (null month: nothing recorded, all zero).</summary>
public sealed record ComplianceView(FacilityCompliance Compliance, DateOnly? InputsMonth, string? InputsSourceKey);

/// <summary>
/// The question the subsidy engine asks: which 加算 does a facility's staffing earn as of a date.
/// </summary>
public interface IStaffingAddOns
{
    Task<IReadOnlyList<AddOnQualification>?> AddOnsAsync(TenantInfo tenant, Guid facilityId, DateOnly asOf, CancellationToken ct);
}

public sealed class StaffQueries(
    TenantStores stores, FacilityQueries facilities, IResidentCountsSource residents, TimeProvider clock, IOptions<StaffOptions> options)
    : IStaffingAddOns
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    /// Today in Japan.
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Tokyo).DateTime);

    public decimal FullTimeWeeklyHours => options.Value.FullTimeWeeklyHours;

    public int AlertWindowDays => options.Value.AlertWindowDays;

    public async Task<IReadOnlyList<StaffRecord>> AllAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.Query<StaffRecord>().ToListAsync(ct);
    }

    public async Task<StaffRecord?> FindAsync(TenantInfo tenant, Guid id, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.LoadAsync<StaffRecord>(id, ct);
    }

    public async Task<IReadOnlyList<TrainingCourse>> CoursesAsync(TenantInfo tenant, CancellationToken ct)
    {
        await using var session = stores.QuerySession(tenant);
        return await session.Query<TrainingCourse>().ToListAsync(ct);
    }

    /// Everyone employed on the date (or, with <paramref name="includeFormer"/>, ever), by facility and name.
    public async Task<Roster> RosterAsync(TenantInfo tenant, DateOnly? asOf, bool includeFormer, CancellationToken ct)
    {
        var date = asOf ?? Today;
        var staff = await AllAsync(tenant, ct);
        var list = (await facilities.ListAsync(tenant, ct)).Facilities;
        var rows = staff.Where(s => includeFormer ? s.HiredOn <= date : s.IsEmployedOn(date)).Select(s =>
            {
                var terms = s.TermsOn(date) ?? s.Employment[0];
                var assignment = s.AssignmentOn(date);
                var facility = list.FirstOrDefault(f => f.Id == assignment?.FacilityId);
                var place = assignment?.GroupHomeId is { } gh ? facility?.GroupHomes.FirstOrDefault(g => g.Id == gh)?.Name : assignment?.Unit;
                return new RosterRow(s.Id, s.Name, s.NameKana, terms.Category, terms.Employment, terms.WeeklyHours,
                    s.IsEmployedOn(date) ? Fte.Of(terms, FullTimeWeeklyHours) : 0, s.ExperienceYearsOn(date), facility?.Id, facility?.Name, place,
                    s.HiredOn, s.LeftOn, s.Qualifications, s.Version);
            })
            .OrderBy(r => r.FacilityName ?? "\uffff", StringComparer.Ordinal).ThenBy(r => r.NameKana, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return new Roster(date, FullTimeWeeklyHours, rows);
    }

    /// Counts and FTE by category and facility, no names.
    public async Task<StaffSummary> SummaryAsync(TenantInfo tenant, DateOnly? asOf, CancellationToken ct)
    {
        var roster = await RosterAsync(tenant, asOf, includeFormer: false, ct);
        var categories = roster.Rows.GroupBy(r => r.Category).OrderBy(g => g.Key)
            .Select(g => new CategorySummary(g.Key, g.Count(r => r.Employment == EmploymentType.FullTime),
                g.Count(r => r.Employment == EmploymentType.PartTime), g.Sum(r => r.Fte)))
            .ToList();
        var byFacility = roster.Rows.Where(r => r.FacilityId is not null).GroupBy(r => (r.FacilityId!.Value, r.FacilityName!))
            .Select(g => new FacilityStaffSummary(g.Key.Value, g.Key.Item2, g.Count(), g.Sum(r => r.Fte)))
            .OrderBy(f => f.FacilityName, StringComparer.Ordinal).ToList();
        return new StaffSummary(roster.AsOf, FullTimeWeeklyHours, roster.Rows.Count, roster.Rows.Sum(r => r.Fte), categories, byFacility);
    }

    /// The facility's staffing against the standard in force on the date (null when no such facility).
    public async Task<ComplianceView?> ComplianceAsync(TenantInfo tenant, Guid facilityId, DateOnly? asOf, CancellationToken ct)
    {
        var date = asOf ?? Today;
        if (await facilities.FindAsync(tenant, facilityId, ct) is not { } facility) return null;
        var inputs = await residents.FindAsync(tenant, facilityId, date, ct);
        var staff = await AllAsync(tenant, ct);
        var completions = (await CoursesAsync(tenant, ct)).SelectMany(c => c.Completions());
        var rules = StaffingRuleSets.InForceOn(date);
        var compliance = StaffingCompliance.Evaluate(rules, facility, inputs?.Inputs ?? StaffingInputs.None, staff, completions, date, FullTimeWeeklyHours);
        return new ComplianceView(compliance, inputs?.Month, inputs?.SourceKey);
    }

    public async Task<IReadOnlyList<AddOnQualification>?> AddOnsAsync(TenantInfo tenant, Guid facilityId, DateOnly asOf, CancellationToken ct) =>
        (await ComplianceAsync(tenant, facilityId, asOf, ct))?.Compliance.AddOns;

    /// Expiring qualifications and missing mandatory training in the window (names: managers only).
    public async Task<StaffAlertList> AlertsAsync(TenantInfo tenant, int? windowDays, CancellationToken ct) =>
        StaffAlerts.For(await AllAsync(tenant, ct), await CoursesAsync(tenant, ct), Today, Math.Clamp(windowDays ?? AlertWindowDays, 1, 3 * 366));
}
