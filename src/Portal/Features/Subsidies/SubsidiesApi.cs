using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Features.Subsidies.Engine;
using Hidamari.Portal.Features.Subsidies.Estimating;
using FluentValidation;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Subsidies;

/// Finance's estimates under <c>/api/t/{tenant}/subsidies</c>: 措置費 statements, GH opening costs, the year view.
public static class SubsidiesApi
{
    public static RouteGroupBuilder MapSubsidiesApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/subsidies").WithTags("Subsidies");
        group.MapPost("/estimate", Estimate).WithName("EstimatePlacementFee")
            .WithSummary("措置費の月額見積（明細・根拠の単価表の版つき） / Itemized monthly 措置費 estimate");
        group.MapPost("/opening-costs", OpeningCostsSplit).WithName("SplitOpeningCosts")
            .WithSummary("GH開設費用と負担区分（国庫負担・国庫補助・都道府県/区・設置者） / Group-home opening costs and who bears them");
        group.MapGet("/opening-costs/examples/setagaya-fy2022", () => TypedResults.Ok(OpeningCosts.SetagayaFy2022()))
            .WithName("SetagayaFy2022OpeningCostPlan").WithSummary("資料003 世田谷区 令和4年度の入力例 / The seed 003 example input");
        group.MapGet("/examples/capacity-45", () => TypedResults.Ok(Fy2011Seed.Capacity45Example()))
            .WithName("Capacity45Example").WithSummary("資料001 定員45人の入力例 / The seed 001 example input");
        group.MapPost("/year-view", Year).WithName("SubsidyYearView")
            .WithSummary("年度の収入見通し（計画あり・なし） / A fiscal year's estimated income with and without the plan");
        tenantApi.MapClaimsApi();
        return group;
    }

    private static async Task<Results<Ok<PlacementFeeStatement>, ProblemHttpResult, ValidationProblem>> Estimate(
        EstimateRequest request, HttpContext http, SubsidyEstimates estimates, IValidator<EstimateRequest> validator,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await Invalid(validator, request, ct) is { } invalid) return invalid;
        var outcome = await estimates.EstimateAsync(http.GetTenant(), request, ct);
        return outcome.Value is { } statement ? TypedResults.Ok(statement) : Failure(outcome.Failure, text);
    }

    private static async Task<Results<Ok<OpeningCostSplit>, ProblemHttpResult, ValidationProblem>> OpeningCostsSplit(
        OpeningCostPlan plan, HttpContext http, SubsidyEstimates estimates, IValidator<OpeningCostPlan> validator,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await Invalid(validator, plan, ct) is { } invalid) return invalid;
        var outcome = await estimates.OpeningCostsAsync(http.GetTenant(), plan, ct);
        return outcome.Value is { } split ? TypedResults.Ok(split) : Failure(outcome.Failure, text);
    }

    private static async Task<Results<Ok<YearProjection>, ProblemHttpResult, ValidationProblem>> Year(
        YearViewRequest request, HttpContext http, SubsidyEstimates estimates, IValidator<YearViewRequest> validator,
        IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await Invalid(validator, request, ct) is { } invalid) return invalid;
        var outcome = await estimates.YearAsync(http.GetTenant(), request, ct);
        return outcome.Value is { } year ? TypedResults.Ok(year) : Failure(outcome.Failure, text);
    }

    private static async Task<ValidationProblem?> Invalid<T>(IValidator<T> validator, T value, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(value, ct);
        if (result.IsValid) return null;
        var errors = result.ToDictionary().ToDictionary(e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Key), e => e.Value);
        return TypedResults.ValidationProblem(errors, title: string.Join(" ", errors.Values.SelectMany(v => v)));
    }

    internal static ProblemHttpResult Failure(EstimateFailure failure, IStringLocalizer<SharedResource> text) => failure switch
    {
        EstimateFailure.FacilityNotFound => TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound),
        EstimateFailure.FacilityKindNotPriced => TypedResults.Problem(text["Subsidies.Error.KindNotPriced"], statusCode: StatusCodes.Status422UnprocessableEntity),
        _ => TypedResults.Problem(text["Subsidies.Error.NoTableInForce"], statusCode: StatusCodes.Status422UnprocessableEntity),
    };
}
