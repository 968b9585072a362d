using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Standards;

public static class StandardsApi
{
    public static RouteGroupBuilder MapStandardsApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/standards").WithTags("Standards");
        group.MapGet("/rules", (StandardsCatalog catalog) => TypedResults.Ok(catalog.Versions))
            .WithName("GetStandards")
            .WithSummary("基準の版（施行日・管轄ごと）/ The versions of the standards, by effective date and jurisdiction");
        group.MapGet("/findings", Findings)
            .WithName("GetStandardsFindings")
            .WithSummary("指定日時点の基準との照合結果（違反した規則と版、場所）/ Findings against the standards in force on a date: rule, version, where");
        return group;
    }

    private static async Task<Results<Ok<FindingsReport>, ProblemHttpResult>> Findings(
        DateOnly? asOf, HttpContext http, StandardsQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var date = asOf ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (!Dates.IsPlausible(date)) return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await queries.FindingsAsync(http.GetTenant(), date, ct));
    }
}
