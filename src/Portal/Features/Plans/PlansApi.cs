using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Plans.Comparing;
using Hidamari.Portal.Features.Plans.ImportExport;
using Hidamari.Portal.Features.Plans.PlanningSteps;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Plans;

/// The body of a plan year: the figures and the planned steps.
public sealed record PlanYearInput(PlannedFigures Figures, string? Steps = null, long? ExpectedVersion = null);

/// The body of a year's planned steps.
public sealed record PlanStepsInput(IReadOnlyList<PlannedStep> Steps);

public sealed record SheetErrors(string Title, IReadOnlyList<SheetError> Errors);

public static class PlansApi
{
    /// Larger uploads are refused: a plan sheet is a few kilobytes.
    public const long MaxUploadBytes = 1_000_000;

    public static RouteGroupBuilder MapPlansApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/plans").WithTags("Plans");
        group.MapGet("/", GetPlan)
            .WithName("GetPlan")
            .WithSummary("小規模かつ地域分散化計画（全施設・全年度）/ The decentralization plan: every facility's planned year ends");
        group.MapGet("/comparison", Compare)
            .WithName("ComparePlanWithActual")
            .WithSummary("計画と実績の比較（年度末ごと、施設別・法人計、遅れの指標）/ Plan against actual at each fiscal year end, with the indicators that lag");
        group.MapPut("/{facilityId:guid}/years/{fiscalYear:int}", SetYear)
            .WithName("SetPlanYear")
            .WithSummary("施設のある年度末の計画を設定する / Set a facility's planned figures for one fiscal year end");
        group.MapPut("/{facilityId:guid}/years/{fiscalYear:int}/steps", SetSteps)
            .WithName("SetPlanSteps")
            .WithSummary("施設のある年度の取組み（GH開設・定員変更など）を設定する。数値の計画がない年度は取組みから算出 / Set a year's planned steps; years without entered figures are worked out from them");
        group.MapDelete("/{facilityId:guid}/years/{fiscalYear:int}", RemoveYear)
            .WithName("RemovePlanYear")
            .WithSummary("計画から年度を除く / Remove a fiscal year from a facility's plan");
        group.MapGet("/{facilityId:guid}/sheet.{format}", Export)
            .WithName("ExportPlanSheet")
            .WithSummary("施設の計画を CSV または Excel で出力（行: 指標、列: 年度）/ A facility's plan as CSV or Excel, rows indicators, columns fiscal years");
        group.MapPost("/{facilityId:guid}/sheet", Import)
            .WithName("ImportPlanSheet")
            .WithSummary("CSV または Excel の計画表を取り込む（全体が正しい場合のみ保存）/ Import a plan sheet; stored only if every cell is valid")
            .DisableAntiforgery();
        return group;
    }

    private static async Task<Ok<DecentralizationPlan>> GetPlan(HttpContext http, PlanQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.PlanAsync(http.GetTenant(), ct));

    private static async Task<Results<Ok<PlanComparison>, ProblemHttpResult>> Compare(
        int? from, int? to, HttpContext http, PlanQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        // Each bound on its own must be a plausible fiscal year (the other may default from the plan), and together a range.
        static bool Plausible(int? year) => year is null or (>= 1900 and <= 2100);
        if (!Plausible(from) || !Plausible(to) || (from is { } f && to is { } t && (f > t || t - f >= 30)))
            return TypedResults.Problem(text["Facilities.Validation.FiscalYearRange", 30], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await queries.CompareAsync(http.GetTenant(), from, to, ct));
    }

    private static async Task<IResult> SetYear(
        Guid facilityId, int fiscalYear, PlanYearInput input, HttpContext http, PlanCommands commands, CancellationToken ct)
    {
        var result = await commands.SetYearAsync(http.GetTenant(), http.UserName(),
            new SetPlanYear(facilityId, fiscalYear, input.Figures, input.Steps, input.ExpectedVersion), ct);
        return result.ToHttpResult(_ => TypedResults.NoContent());
    }

    private static async Task<IResult> SetSteps(
        Guid facilityId, int fiscalYear, PlanStepsInput input, HttpContext http, PlanCommands commands, CancellationToken ct) =>
        (await commands.SetStepsAsync(http.GetTenant(), http.UserName(), new SetPlanSteps(facilityId, fiscalYear, input.Steps ?? []), ct))
            .ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> RemoveYear(Guid facilityId, int fiscalYear, HttpContext http, PlanCommands commands, CancellationToken ct) =>
        (await commands.RemoveYearAsync(http.GetTenant(), http.UserName(), facilityId, fiscalYear, ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> Export(
        Guid facilityId, string format, HttpContext http, PlanQueries plans, FacilityQueries facilities, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (ParseFormat(format) is not { } sheetFormat)
            return TypedResults.Problem(text["Plans.Sheet.Format"], statusCode: StatusCodes.Status400BadRequest);
        var tenant = http.GetTenant();
        if (await facilities.FindAsync(tenant, facilityId, ct) is not { } facility)
            return TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);
        var bytes = PlanSheet.Write((await plans.PlanAsync(tenant, ct)).Of(facilityId), sheetFormat);
        return TypedResults.File(bytes, ContentType(sheetFormat), $"{facility.Name}_小規模かつ地域分散化計画.{format.ToLowerInvariant()}");
    }

    private static async Task<IResult> Import(
        Guid facilityId, IFormFile file, HttpContext http, PlanCommands commands, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (file.Length > MaxUploadBytes)
            return TypedResults.Problem(text["Plans.Sheet.TooLarge"], statusCode: StatusCodes.Status413PayloadTooLarge);
        if (ParseFormat(Path.GetExtension(file.FileName).TrimStart('.')) is not { } format)
            return TypedResults.Problem(text["Plans.Sheet.Format"], statusCode: StatusCodes.Status400BadRequest);

        SheetReadResult read;
        try
        {
            await using var stream = file.OpenReadStream();
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            read = PlanSheet.Parse(PlanSheet.ReadGrid(buffer, format), facilityId, text);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or InvalidOperationException or ArgumentException)
        {
            return TypedResults.Problem(text[e is NotUtf8Exception ? "Import.NotUtf8" : "Plans.Sheet.Unreadable"], statusCode: StatusCodes.Status400BadRequest);
        }
        if (!read.IsValid)
            // problem+json like every refusal; the cells in error are its "errors" extension (the shape of SheetErrors).
            return TypedResults.Problem(title: text["Plans.Sheet.Invalid"], statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["errors"] = read.Errors });

        var result = await commands.ImportAsync(http.GetTenant(), http.UserName(), facilityId, read.Years, file.FileName, ct);
        return result.ToHttpResult(_ => TypedResults.Ok(read.Years));
    }

    public static SheetFormat? ParseFormat(string extension) => extension.ToLowerInvariant() switch
    {
        "csv" => SheetFormat.Csv,
        "xlsx" => SheetFormat.Xlsx,
        _ => null,
    };

    public static string ContentType(SheetFormat format) => format == SheetFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
