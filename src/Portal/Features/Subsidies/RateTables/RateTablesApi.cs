using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.RateTables.Publishing;
using Hidamari.Portal.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies.RateTables;

/// <summary>
/// The operator's rate-table endpoints under <c>/api/operator</c>. They take the group they are given, so the
/// operator policy is attached once on that group when identity arrives.
/// </summary>
public static class RateTablesApi
{
    public static RouteGroupBuilder MapRateTablesApi(this RouteGroupBuilder operatorApi)
    {
        var group = operatorApi.MapGroup("/rate-tables").WithTags("Rate tables");
        group.MapGet("/", List).WithName("ListRateTableVersions").WithSummary("単価表の版の一覧 / Rate-table versions");
        group.MapGet("/in-force", InForce).WithName("RateTableInForce")
            .WithSummary("ある月に適用される版 / The version that prices a month");
        group.MapGet("/{versionId:guid}", Get).WithName("GetRateTableVersion").WithSummary("単価表の版（行と履歴） / One version with its rows and history");
        group.MapPost("/", Publish).WithName("PublishRateTableVersion")
            .WithSummary("新しい版を公開する（公開済みの版は変更できず、訂正は新しい版） / Publish a new version");
        group.MapPost("/import", Import).WithName("ImportRateTableVersion").DisableAntiforgery()
            .WithSummary("CSV/Excel から新しい版を公開する / Publish a new version from a CSV or Excel file");
        group.MapGet("/{versionId:guid}/export.csv", (Guid versionId, RateTableQueries q, CancellationToken ct) => Export(versionId, "csv", q, ct))
            .WithName("ExportRateTableVersionCsv").WithSummary("版を CSV で出力 / Export a version as CSV");
        group.MapGet("/{versionId:guid}/export.xlsx", (Guid versionId, RateTableQueries q, CancellationToken ct) => Export(versionId, "xlsx", q, ct))
            .WithName("ExportRateTableVersionXlsx").WithSummary("版を Excel で出力 / Export a version as Excel");
        return group;
    }

    private static async Task<Ok<IReadOnlyList<RateTableVersionSummary>>> List(RateTableQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(ct));

    private static async Task<Results<Ok<RateTableVersion>, ProblemHttpResult>> Get(
        Guid versionId, RateTableQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(versionId, ct) is { } version
            ? TypedResults.Ok(version)
            : TypedResults.Problem(text["Subsidies.Error.RateTableNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<RateTableVersionSummary>, ProblemHttpResult>> InForce(
        string? jurisdiction, DateOnly month, RateTableQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var table = await queries.InForceAsync(jurisdiction ?? RateTable.National, month, ct);
        if (table is null) return TypedResults.Problem(text["Subsidies.Error.NoTableInForce"], statusCode: StatusCodes.Status404NotFound);
        return TypedResults.Ok((await queries.ListAsync(ct)).Single(v => v.Id == table.Id));
    }

    private static async Task<IResult> Publish(PublishRateTableVersion command, HttpContext http, RateTableCommands commands, CancellationToken ct)
    {
        var result = await commands.PublishAsync(http.UserName(), command, ct);
        return result.ToCreatedHere(http);
    }

    /// The version's facts come as form fields; the rows come from the file (same columns as the export).
    private static async Task<IResult> Import(
        IFormFile file,
        [FromForm] string jurisdiction, [FromForm] int fiscalYear, [FromForm] DateOnly effectiveFrom, [FromForm] string notice,
        [FromForm] RoundingRule rounding, [FromForm] string reason, [FromForm] Guid? supersedes,
        HttpContext http, RateTableCommands commands, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        await using var stream = file.OpenReadStream();
        var (entries, problems) = ReadFile(file.FileName, stream);
        if (problems.Count > 0)
            return TypedResults.ValidationProblem(
                problems.GroupBy(p => $"file[{p.Row}].{p.Column}").ToDictionary(g => g.Key, g => g.Select(p => p.Describe(text)).ToArray()),
                title: text["Subsidies.Validation.ImportFailed"]);
        var command = new PublishRateTableVersion(jurisdiction, fiscalYear, effectiveFrom, notice, rounding, entries, reason, supersedes);
        var result = await commands.PublishAsync(http.UserName(), command, ct);
        return result.ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}/api/operator/rate-tables/{id}", new { id }));
    }

    public static (IReadOnlyList<RateEntry> Entries, IReadOnlyList<ImportProblem> Problems) ReadFile(string fileName, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            buffer.Position = 0;
            if (fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) return RateTableFiles.FromXlsx(buffer);
            ImportFiles.EnsureUtf8(buffer);
            return RateTableFiles.FromCsv(buffer);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A truncated workbook, a file that is no spreadsheet, a CSV in Shift_JIS: one problem for the whole file, nothing read.
            return ([], [new ImportProblem(1, "file", "", e is NotUtf8Exception ? "Import.NotUtf8" : "Subsidies.Validation.ImportFailed")]);
        }
    }

    private static async Task<IResult> Export(Guid versionId, string format, RateTableQueries queries, CancellationToken ct)
    {
        if (await queries.FindAsync(versionId, ct) is not { } version) return TypedResults.NotFound();
        var name = $"rate-table-v{version.Number}-FY{version.FiscalYear}.{format}";
        return format == "csv"
            ? TypedResults.File(RateTableFiles.ToCsv(version.Entries), "text/csv; charset=utf-8", name)
            : TypedResults.File(RateTableFiles.ToXlsx(version.Entries), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }
}
