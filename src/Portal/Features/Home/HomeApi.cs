using Hidamari.Portal.Features.Home.Searching;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Home;

public static class HomeApi
{
    public static RouteGroupBuilder MapHomeApi(this RouteGroupBuilder tenantApi)
    {
        tenantApi.MapGet("/home", Dashboard).WithTags("Home").WithName("HomeDashboard")
            .WithSummary("ホーム画面のカード（役割ごと、fiscalYear で年度指定） / The home dashboard's card figures for the caller's roles");
        tenantApi.MapGet("/search", Search).WithTags("Home").WithName("GlobalSearch")
            .WithSummary("施設・GH・賃貸借・職員・提出の検索（このテナントのみ） / Search facilities, group homes, leases, staff and submissions of this tenant");
        return tenantApi;
    }

    private static async Task<Results<Ok<HomeDashboard>, ProblemHttpResult>> Dashboard(
        int? fiscalYear, HttpContext http, HomeQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (fiscalYear is { } y && !FiscalYearChoice.IsValid(y))
            return TypedResults.Problem(text["Home.Error.FiscalYear"], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await queries.DashboardAsync(http.GetTenant(), RolesOf(http), fiscalYear, ct));
    }

    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> Search(
        string? q, HttpContext http, GlobalSearch search, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Trim().Length > GlobalSearch.MaxQueryLength)
            return TypedResults.Problem(text["Home.Error.Query", GlobalSearch.MaxQueryLength], statusCode: StatusCodes.Status400BadRequest);
        return TypedResults.Ok(await search.SearchAsync(http.GetTenant(), RolesOf(http), q, ct));
    }

    private static IReadOnlyList<string> RolesOf(HttpContext http) => http.Features.Get<TenantFeature>()?.Roles ?? [];
}
