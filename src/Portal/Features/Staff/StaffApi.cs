using Hidamari.Portal.Features.Staff.Alerts;
using Hidamari.Portal.Features.Staff.Assigning;
using Hidamari.Portal.Features.Staff.ChangingEmployment;
using Hidamari.Portal.Features.Staff.Compliance;
using Hidamari.Portal.Features.Staff.Hiring;
using Hidamari.Portal.Features.Staff.Leaving;
using Hidamari.Portal.Features.Staff.Qualifying;
using Hidamari.Portal.Features.Staff.Training;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Staff;

/// <summary>
/// Staff, training and staffing compliance. Names and other personal data are for the corporation's managers only
/// (<c>RequireTenantRoles(Roles.Manager)</c>); every member may read counts, FTE, compliance and training costs.
/// </summary>
public static class StaffApi
{
    public static RouteGroupBuilder MapStaffApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/staff").WithTags("Staff");

        // Personal data: managers only.
        group.MapGet("/", Roster).WithName("StaffRoster").WithSummary("職員名簿（管理者のみ） / Staff roster as of a date (managers only)")
            .RequireTenantRoles(Roles.Manager);
        group.MapGet("/{staffId:guid}", Get).WithName("GetStaffMember").WithSummary("職員（管理者のみ） / One staff member with history (managers only)")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/", Hire).WithName("HireStaffMember").WithSummary("職員を登録する / Record a hired staff member")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/{staffId:guid}/assignments", Assign).WithName("AssignStaffMember").WithSummary("配置 / Assign to a facility, unit or group home from a date")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/{staffId:guid}/employment", ChangeEmployment).WithName("ChangeStaffEmployment").WithSummary("雇用条件の変更 / Change category or hours from a date")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/{staffId:guid}/qualifications", RecordQualification).WithName("RecordQualification").WithSummary("資格の登録 / Record a qualification")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/{staffId:guid}/departure", RecordDeparture).WithName("RecordStaffDeparture").WithSummary("退職 / Record the last day of employment")
            .RequireTenantRoles(Roles.Manager);
        group.MapPost("/import", Import).WithName("ImportStaff")
            .WithSummary("職員名簿の取込（CSV・Excel、全行が正しいときだけ保存） / Import a staff list; nothing is stored unless every row is valid")
            .RequireTenantRoles(Roles.Manager).DisableAntiforgery();
        group.MapGet("/roster.xlsx", (DateOnly? asOf, HttpContext http, StaffQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RosterFile(asOf, excel: true, http, q, t, ct))
            .WithName("StaffRosterExcel").WithSummary("職員名簿 (Excel) / Roster as Excel").RequireTenantRoles(Roles.Manager);
        group.MapGet("/roster.csv", (DateOnly? asOf, HttpContext http, StaffQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RosterFile(asOf, excel: false, http, q, t, ct))
            .WithName("StaffRosterCsv").WithSummary("職員名簿 (CSV) / Roster as CSV").RequireTenantRoles(Roles.Manager);
        group.MapGet("/alerts", Alerts).WithName("StaffAlerts").WithSummary("資格期限・必須研修の警告（管理者のみ） / Expiring qualifications and training due (managers only)")
            .RequireTenantRoles(Roles.Manager);

        // Counts only: every member.
        group.MapGet("/summary", Summary).WithName("StaffSummary").WithSummary("職種別の人数・常勤換算 / Headcount and FTE by category (no names)");
        group.MapGet("/alerts/counts", AlertCounts).WithName("StaffAlertCounts").WithSummary("警告の件数 / Number of alerts by kind (no names)");
        group.MapGet("/compliance/{facilityId:guid}", Compliance).WithName("StaffingCompliance")
            .WithSummary("職員配置基準の充足状況 / Required posts, assigned FTE, gaps and add-ons of a facility as of a date");
        group.MapGet("/compliance/{facilityId:guid}/add-ons", AddOns).WithName("StaffingAddOns")
            .WithSummary("加算の算定可否 / Add-on payments the staffing qualifies for as of a date");
        group.MapPost("/compliance/{facilityId:guid}/inputs", RecordInputs).WithName("RecordStaffingInputs")
            .WithSummary("現員（年齢区分別）・心理療法対象児童数・SGC数 / Residents by age band, children in therapy and SGC groups for a month");
        group.MapGet("/rules", (DateOnly? asOf, StaffQueries queries) => TypedResults.Ok(StaffingRuleSets.InForceOn(asOf ?? queries.Today)))
            .WithName("StaffingRules").WithSummary("職員配置基準（版） / The staffing rule set in force on a date");

        var training = group.MapGroup("/training");
        training.MapGet("/courses", Courses).WithName("TrainingCourses").WithSummary("研修一覧 / Courses with session counts (no names)");
        training.MapPost("/courses", CreateCourse).WithName("CreateTrainingCourse").WithSummary("研修を登録する / Add a course");
        training.MapPost("/courses/{courseId:guid}/sessions", RecordSession).WithName("RecordTrainingSession")
            .WithSummary("研修の実施と受講者 / Record a session with its attendees").RequireTenantRoles(Roles.Manager);
        training.MapGet("/record.xlsx", (int? fiscalYear, HttpContext http, TrainingQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RecordFile(fiscalYear, excel: true, http, q, t, ct))
            .WithName("TrainingRecordExcel").WithSummary("研修受講記録 (Excel) / Training record as Excel").RequireTenantRoles(Roles.Manager);
        training.MapGet("/record.csv", (int? fiscalYear, HttpContext http, TrainingQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RecordFile(fiscalYear, excel: false, http, q, t, ct))
            .WithName("TrainingRecordCsv").WithSummary("研修受講記録 (CSV) / Training record as CSV").RequireTenantRoles(Roles.Manager);
        training.MapGet("/costs", Costs).WithName("TrainingCosts").WithSummary("年度別研修費 / Cost per course in a fiscal year against the plan");
        training.MapPost("/plans/{fiscalYear:int}", Plan).WithName("PlanTraining").WithSummary("研修計画 / Plan a course in a fiscal year");
        return group;
    }

    private static async Task<Ok<Roster>> Roster(DateOnly? asOf, bool? includeFormer, HttpContext http, StaffQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.RosterAsync(http.GetTenant(), asOf, includeFormer ?? false, ct));

    private static async Task<Results<Ok<StaffRecord>, ProblemHttpResult>> Get(
        Guid staffId, HttpContext http, StaffQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), staffId, ct) is { } staff
            ? TypedResults.Ok(staff)
            : TypedResults.Problem(text["Error.StaffNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Hire(HireStaffMember command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.HireAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToCreatedHere(http);

    private static async Task<IResult> Assign(Guid staffId, AssignStaffMember command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.AssignAsync(http.GetTenant(), http.UserName(), staffId, command, ct)).ToHttpResult(Recorded);

    private static async Task<IResult> ChangeEmployment(Guid staffId, ChangeEmployment command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.ChangeEmploymentAsync(http.GetTenant(), http.UserName(), staffId, command, ct)).ToHttpResult(Recorded);

    private static async Task<IResult> RecordQualification(Guid staffId, RecordQualification command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.RecordQualificationAsync(http.GetTenant(), http.UserName(), staffId, command, ct))
            .ToCreatedHere(http);

    private static async Task<IResult> RecordDeparture(Guid staffId, RecordDeparture command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.RecordDepartureAsync(http.GetTenant(), http.UserName(), staffId, command, ct)).ToHttpResult(Recorded);

    private static async Task<Ok<StaffAlertList>> Alerts(int? days, HttpContext http, StaffQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.AlertsAsync(http.GetTenant(), days, ct));

    private static async Task<Ok<Dictionary<StaffAlertKind, int>>> AlertCounts(int? days, HttpContext http, StaffQueries queries, CancellationToken ct)
    {
        var alerts = await queries.AlertsAsync(http.GetTenant(), days, ct);
        return TypedResults.Ok(Enum.GetValues<StaffAlertKind>().ToDictionary(k => k, alerts.Count));
    }

    private static async Task<Ok<StaffSummary>> Summary(DateOnly? asOf, HttpContext http, StaffQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.SummaryAsync(http.GetTenant(), asOf, ct));

    private static async Task<Results<Ok<ComplianceView>, ProblemHttpResult>> Compliance(
        Guid facilityId, DateOnly? asOf, HttpContext http, StaffQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (asOf is { } d && !Dates.IsPlausible(d)) return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        return await queries.ComplianceAsync(http.GetTenant(), facilityId, asOf, ct) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<AddOnQualification>>, ProblemHttpResult>> AddOns(
        Guid facilityId, DateOnly? asOf, HttpContext http, StaffQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (asOf is { } d && !Dates.IsPlausible(d)) return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        return await queries.AddOnsAsync(http.GetTenant(), facilityId, asOf ?? queries.Today, ct) is { } addOns
            ? TypedResults.Ok(addOns)
            : TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> RecordInputs(Guid facilityId, RecordStaffingInputs command, HttpContext http, StaffCommands commands, CancellationToken ct) =>
        (await commands.RecordInputsAsync(http.GetTenant(), http.UserName(), facilityId, command, ct)).ToHttpResult(Recorded);

    private static async Task<Ok<IReadOnlyList<CourseSummary>>> Courses(HttpContext http, TrainingQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.CoursesAsync(http.GetTenant(), ct));

    private static async Task<IResult> CreateCourse(CreateCourse command, HttpContext http, TrainingCommands commands, CancellationToken ct) =>
        (await commands.CreateCourseAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToCreatedHere(http);

    private static async Task<IResult> RecordSession(Guid courseId, RecordSession command, HttpContext http, TrainingCommands commands, CancellationToken ct) =>
        (await commands.RecordSessionAsync(http.GetTenant(), http.UserName(), courseId, command, ct))
            .ToCreatedHere(http);

    private static async Task<Results<Ok<TrainingCosts>, ProblemHttpResult>> Costs(
        int fiscalYear, HttpContext http, TrainingQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        Dates.IsPlausible(JapaneseDates.FiscalYearStart(Math.Clamp(fiscalYear, 1, 9998)))
            ? TypedResults.Ok(await queries.CostsAsync(http.GetTenant(), fiscalYear, ct))
            : TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);

    private static async Task<IResult> Plan(int fiscalYear, PlanTraining command, HttpContext http, TrainingCommands commands, CancellationToken ct) =>
        (await commands.PlanAsync(http.GetTenant(), http.UserName(), fiscalYear, command, ct)).ToHttpResult(Recorded);

    private static IResult Recorded(Guid id) => TypedResults.Ok(new { id });

    /// <summary>
    /// The same files for the pages, under <c>/t/{tenant}/staff/exports/…</c>: a page's links carry the sign-in cookie,
    /// which the bearer-token API does not accept. The tenant middleware checks membership and the manager role.
    /// </summary>
    public static IEndpointRouteBuilder MapStaffDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("/t/{tenant}/staff/exports").RequireAuthorization().RequireTenantRoles(Roles.Manager).ExcludeFromDescription();
        downloads.MapGet("/roster.xlsx", (DateOnly? asOf, HttpContext http, StaffQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RosterFile(asOf, excel: true, http, q, t, ct));
        downloads.MapGet("/roster.csv", (DateOnly? asOf, HttpContext http, StaffQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RosterFile(asOf, excel: false, http, q, t, ct));
        downloads.MapGet("/training-record.xlsx", (int? fiscalYear, HttpContext http, TrainingQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RecordFile(fiscalYear, excel: true, http, q, t, ct));
        downloads.MapGet("/training-record.csv", (int? fiscalYear, HttpContext http, TrainingQueries q, IStringLocalizer<SharedResource> t, CancellationToken ct) => RecordFile(fiscalYear, excel: false, http, q, t, ct));
        return app;
    }

    private const string ExcelType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static async Task<IResult> RosterFile(DateOnly? asOf, bool excel, HttpContext http, StaffQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (asOf is { } d && !Dates.IsPlausible(d)) return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        var roster = await queries.RosterAsync(http.GetTenant(), asOf, includeFormer: false, ct);
        var name = $"staff-roster-{roster.AsOf:yyyyMMdd}";
        return excel
            ? TypedResults.File(Exporting.StaffExports.RosterExcel(roster, text), ExcelType, name + ".xlsx")
            : TypedResults.File(Exporting.StaffExports.RosterCsv(roster, text), "text/csv; charset=utf-8", name + ".csv");
    }

    private static async Task<IResult> RecordFile(int? fiscalYear, bool excel, HttpContext http, TrainingQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var rows = await queries.RecordAsync(http.GetTenant(), fiscalYear, ct);
        var name = fiscalYear is { } fy ? $"training-record-{fy}" : "training-record";
        return excel
            ? TypedResults.File(Exporting.StaffExports.RecordExcel(rows, text), ExcelType, name + ".xlsx")
            : TypedResults.File(Exporting.StaffExports.RecordCsv(rows, text), "text/csv; charset=utf-8", name + ".csv");
    }

    private static async Task<IResult> Import(IFormFile file, HttpContext http, Importing.StaffImport importer, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (file.Length > Importing.StaffImport.MaxBytes)
            return TypedResults.Problem(text["Staff.Import.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
        await using var stream = file.OpenReadStream();
        var result = await importer.ImportAsync(http.GetTenant(), http.UserName(), stream, file.FileName, ct);
        // Refused: problem+json like every other refusal, the row-level report in its extensions (imported = 0, errors = rows).
        return result.Succeeded
            ? TypedResults.Ok(result)
            : TypedResults.Problem(title: text["Staff.Import.NothingStored"], statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["imported"] = result.Imported, ["errors"] = result.Errors });
    }
}
