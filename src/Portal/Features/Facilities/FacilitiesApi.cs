using Hidamari.Portal.Features.Facilities.AddingLivingUnit;
using Hidamari.Portal.Features.Facilities.ChangingCapacity;
using Hidamari.Portal.Features.Facilities.Closing;
using Hidamari.Portal.Features.Facilities.CountingResidents;
using Hidamari.Portal.Features.Facilities.Indicators;
using Hidamari.Portal.Features.Facilities.MovingGroupHome;
using Hidamari.Portal.Features.Facilities.OpeningGroupHome;
using Hidamari.Portal.Features.Facilities.RecordingRoom;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Facilities.Timeline;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Facilities;

public static class FacilitiesApi
{
    public static RouteGroupBuilder MapFacilitiesApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/facilities").WithTags("Facilities");

        group.MapGet("/", List)
            .WithName("ListFacilities")
            .WithSummary("施設とグループホームの一覧と合計（asOf 指定でその日時点）/ Facilities with their group homes and totals, as of a date if given");
        group.MapGet("/{facilityId:guid}", Get)
            .WithName("GetFacility")
            .WithSummary("施設（asOf 指定でその日時点）/ One facility, as of a date if given");
        group.MapGet("/{facilityId:guid}/timeline", GetTimeline)
            .WithName("GetFacilityTimeline")
            .WithSummary("施設の変更履歴 / Every change to a facility: what, effective when, recorded when and by whom");
        group.MapPost("/", Register)
            .WithName("RegisterFacility")
            .WithSummary("施設を登録する / Record a facility");
        group.MapPost("/{facilityId:guid}/group-homes", OpenGroupHome)
            .WithName("OpenGroupHome")
            .WithSummary("グループホームを開設する / Open a group home under a facility");
        group.MapPost("/{facilityId:guid}/group-homes/{groupHomeId:guid}/capacity-changes", ChangeGroupHomeCapacity)
            .WithName("ChangeGroupHomeCapacity")
            .WithSummary("グループホームの定員を変更する / Change a group home's capacity from a date");
        group.MapPost("/{facilityId:guid}/group-homes/{groupHomeId:guid}/moves", MoveGroupHome)
            .WithName("MoveGroupHome")
            .WithSummary("グループホームを移転する / Move a group home to another house");
        group.MapPost("/{facilityId:guid}/group-homes/{groupHomeId:guid}/closure", CloseGroupHome)
            .WithName("CloseGroupHome")
            .WithSummary("グループホームを閉鎖する / Close a group home");
        group.MapPost("/{facilityId:guid}/units", AddUnit)
            .WithName("AddLivingUnit")
            .WithSummary("本体施設のユニットを登録する / Record a living unit of the main building");
        group.MapPost("/{facilityId:guid}/units/{unitId:guid}/capacity-changes", ChangeUnitCapacity)
            .WithName("ChangeLivingUnitCapacity")
            .WithSummary("ユニットの定員を変更する / Change a unit's capacity from a date");
        group.MapPost("/{facilityId:guid}/units/{unitId:guid}/closure", CloseUnit)
            .WithName("CloseLivingUnit")
            .WithSummary("ユニットを閉鎖する（転用先の機能を記録）/ Close a unit, recording what its space is converted to");
        group.MapPost("/{facilityId:guid}/residents", CountResidents)
            .WithName("CountResidents")
            .WithSummary("月の現員を記録する（人数のみ）/ Record a month's residents, as counts only");
        group.MapPost("/{facilityId:guid}/rooms", RecordRoom)
            .WithName("RecordRoom")
            .WithSummary("居室を記録する（面積・人数・建築日）/ Record or correct a bedroom: area, residents, built on");

        tenantApi.MapIndicatorsApi();
        return group;
    }

    private static async Task<Ok<FacilityList>> List(DateOnly? asOf, HttpContext http, FacilityQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(http.GetTenant(), asOf, ct));

    private static async Task<Results<Ok<FacilityOverview>, ProblemHttpResult>> Get(
        Guid facilityId, DateOnly? asOf, HttpContext http, FacilityQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), facilityId, asOf, ct) is { } facility
            ? TypedResults.Ok(facility)
            : TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<Results<Ok<FacilityTimeline>, ProblemHttpResult>> GetTimeline(
        Guid facilityId, HttpContext http, TimelineQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
        await queries.FindAsync(http.GetTenant(), facilityId, ct) is { } timeline
            ? TypedResults.Ok(timeline)
            : TypedResults.Problem(text["Error.FacilityNotFound"], statusCode: StatusCodes.Status404NotFound);

    private static async Task<IResult> Register(RegisterFacility command, HttpContext http, FacilityCommands commands, CancellationToken ct)
    {
        var result = await commands.RegisterAsync(http.GetTenant(), http.UserName(), command, ct);
        return result.ToCreatedHere(http);
    }

    private static async Task<IResult> OpenGroupHome(
        Guid facilityId, OpenGroupHome command, HttpContext http, FacilityCommands commands, CancellationToken ct)
    {
        var result = await commands.OpenGroupHomeAsync(http.GetTenant(), http.UserName(), facilityId, command, ct);
        return result.ToCreatedHere(http);
    }

    private static async Task<IResult> ChangeGroupHomeCapacity(
        Guid facilityId, Guid groupHomeId, ChangeGroupHomeCapacity command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.ChangeGroupHomeCapacityAsync(http.GetTenant(), http.UserName(), facilityId, command with { GroupHomeId = groupHomeId }, ct));

    private static async Task<IResult> MoveGroupHome(
        Guid facilityId, Guid groupHomeId, MoveGroupHome command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.MoveGroupHomeAsync(http.GetTenant(), http.UserName(), facilityId, command with { GroupHomeId = groupHomeId }, ct));

    private static async Task<IResult> CloseGroupHome(
        Guid facilityId, Guid groupHomeId, CloseGroupHome command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.CloseGroupHomeAsync(http.GetTenant(), http.UserName(), facilityId, command with { GroupHomeId = groupHomeId }, ct));

    private static async Task<IResult> AddUnit(Guid facilityId, AddLivingUnit command, HttpContext http, FacilityCommands commands, CancellationToken ct)
    {
        var result = await commands.AddLivingUnitAsync(http.GetTenant(), http.UserName(), facilityId, command, ct);
        return result.ToCreatedHere(http);
    }

    private static async Task<IResult> ChangeUnitCapacity(
        Guid facilityId, Guid unitId, ChangeLivingUnitCapacity command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.ChangeLivingUnitCapacityAsync(http.GetTenant(), http.UserName(), facilityId, command with { UnitId = unitId }, ct));

    private static async Task<IResult> CloseUnit(
        Guid facilityId, Guid unitId, CloseLivingUnit command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.CloseLivingUnitAsync(http.GetTenant(), http.UserName(), facilityId, command with { UnitId = unitId }, ct));

    private static async Task<IResult> CountResidents(
        Guid facilityId, CountResidents command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.CountResidentsAsync(http.GetTenant(), http.UserName(), facilityId, command, ct));

    private static async Task<IResult> RecordRoom(Guid facilityId, RecordRoom command, HttpContext http, FacilityCommands commands, CancellationToken ct) =>
        Recorded(await commands.RecordRoomAsync(http.GetTenant(), http.UserName(), facilityId, command, ct));

    private static IResult Recorded(CommandResult<Guid> result) => result.ToHttpResult(id => TypedResults.Ok(new { id }));
}
