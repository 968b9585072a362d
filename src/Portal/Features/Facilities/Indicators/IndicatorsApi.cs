using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities.Indicators;

public static class IndicatorsApi
{
    /// At most this many fiscal years in one year-end request.
    public const int MaxYears = 30;

    public static RouteGroupBuilder MapIndicatorsApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/indicators").WithTags("Indicators");
        group.MapGet("/", AsOf)
            .WithName("GetIndicators")
            .WithSummary("指定日時点の施設別・法人の指標 / Indicators per facility and for the corporation as of a date (default today)");
        group.MapGet("/year-ends", YearEnds)
            .WithName("GetYearEndIndicators")
            .WithSummary("年度末ごとの指標 / Indicators at each fiscal year end (31 March) from one fiscal year to another");
        return group;
    }

    private static async Task<Results<Ok<IndicatorSnapshot>, ProblemHttpResult>> AsOf(
        DateOnly? asOf, HttpContext http, IndicatorQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var date = asOf ?? DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        if (!Dates.IsPlausible(date)) return TypedResults.Problem(text["Validation.DatePlausible"], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await queries.AsOfAsync(http.GetTenant(), date, ct));
    }

    /// <param name="from">first fiscal year (2021 = 令和3年度); default: four years before <paramref name="to"/></param>
    /// <param name="to">last fiscal year; default: the current one</param>
    private static async Task<Results<Ok<IReadOnlyList<IndicatorSnapshot>>, ProblemHttpResult>> YearEnds(
        int? from, int? to, HttpContext http, IndicatorQueries queries, TimeProvider clock, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        var last = to ?? JapaneseDates.FiscalYearOf(DateOnly.FromDateTime(clock.GetLocalNow().DateTime));
        var first = from ?? last - 4;
        if (first > last || last - first >= MaxYears || first < Dates.Earliest.Year || last >= Dates.Latest.Year)
            return TypedResults.Problem(text["Facilities.Validation.FiscalYearRange", MaxYears], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await queries.YearEndsAsync(http.GetTenant(), first, last, ct));
    }
}
