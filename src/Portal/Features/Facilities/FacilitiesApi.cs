using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hidamari.Portal.Features.Facilities;

public static class FacilitiesApi
{
    public static RouteGroupBuilder MapFacilitiesApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/facilities").WithTags("Facilities");

        group.MapGet("/", List)
            .WithName("ListFacilities")
            .WithSummary("施設とグループホームの一覧と合計 / Facilities with their group homes and totals");
        group.MapGet("/{facilityId:guid}", Get)
            .WithName("GetFacility")
            .WithSummary("施設 / One facility");
        group.MapPost("/", Register)
            .WithName("RegisterFacility")
            .WithSummary("施設を登録する / Record a facility");
        group.MapPost("/{facilityId:guid}/group-homes", OpenGroupHome)
            .WithName("OpenGroupHome")
            .WithSummary("グループホームを開設する / Open a group home under a facility");
        return group;
    }

    private static async Task<Ok<FacilityList>> List(HttpContext http, FacilityQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.GetTenant(), ct));

    private static async Task<Results<Ok<FacilityOverview>, ProblemHttpResult>> Get(
        Guid facilityId, HttpContext http, FacilityQueries queries, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), facilityId, ct) is { } facility
            ? TypedResults.Ok(facility)
            : TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Register(RegisterFacility command, HttpContext http, FacilityCommands commands, CancellationToken ct)
    {
        var result = await commands.RegisterAsync(http.GetTenant(), http.UserName(), command, ct);
        return result.ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{id}", new { id }));
    }

    private static async Task<IResult> OpenGroupHome(
        Guid facilityId, OpenGroupHome command, HttpContext http, FacilityCommands commands, CancellationToken ct)
    {
        var result = await commands.OpenGroupHomeAsync(http.GetTenant(), http.UserName(), facilityId, command, ct);
        return result.ToHttpResult(id => TypedResults.Created($"{http.Request.PathBase}{http.Request.Path}/{id}", new { id }));
    }
}
