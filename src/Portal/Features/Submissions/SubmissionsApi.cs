using Hidamari.Portal.Features.Submissions.Progress;
using Hidamari.Portal.Features.Submissions.Reviewing;
using Hidamari.Portal.Features.Submissions.Sending;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hidamari.Portal.Features.Submissions;

public sealed record TargetInput(int TotalCapacity, int GroupHomeCapacity);

public sealed record SubmittedId(Guid Id);

public static class SubmissionsApi
{
    public static RouteGroupBuilder MapSubmissionsApi(this RouteGroupBuilder tenantApi)
    {
        var sent = tenantApi.MapGroup("/submissions").WithTags("Submissions");
        sent.MapPost("/", Submit).RequireTenantRoles(Roles.Manager)
            .WithName("Submit").WithSummary("自治体へ提出する（計画または年度末実績のスナップショット）/ Submit the plan or year-end actuals to the municipality");
        sent.MapGet("/", ListSent)
            .WithName("ListSentSubmissions").WithSummary("提出一覧（送信済み・受付済み・確認中・差し戻し・受理、自治体のコメント）/ Sent submissions with delivery and review status");
        sent.MapGet("/{id:guid}", GetSent).WithName("GetSentSubmission").WithSummary("提出の内容と自治体のコメント / One sent submission");

        var review = tenantApi.MapGroup("/review/submissions").WithTags("Review");
        review.MapGet("/", Queue).WithName("ReviewQueue").WithSummary("受け付けた提出の一覧（未確認・確認中・差し戻し・受理）/ Incoming submissions by status");
        review.MapGet("/{id:guid}", GetReceived).WithName("GetReceivedSubmission").WithSummary("提出の内容・コメント・履歴 / One received submission with its history");
        review.MapGet("/{id:guid}/diff", Diff).WithName("DiffSubmission").WithSummary("前の版との比較 / Side by side with the previous version");
        review.MapPost("/{id:guid}/assign", Assign).RequireTenantRoles(Roles.Reviewer, Roles.Approver)
            .WithName("AssignReviewer").WithSummary("担当者を割り当てる（確認中）/ Assign a reviewer");
        review.MapPost("/{id:guid}/comments", Comment).RequireTenantRoles(Roles.Reviewer, Roles.Approver)
            .WithName("CommentLine").WithSummary("行にコメントする / Comment on a line");
        review.MapPost("/{id:guid}/return", Return).RequireTenantRoles(Roles.Reviewer, Roles.Approver)
            .WithName("ReturnSubmission").WithSummary("差し戻す（理由を付して）/ Return for correction with reasons");
        review.MapPost("/{id:guid}/accept", Accept).RequireTenantRoles(Roles.Approver)
            .WithName("AcceptSubmission").WithSummary("受理する（担当者以外の承認者）/ Accept (an approver other than the reviewer)");

        tenantApi.MapGet("/progress", Progress).WithTags("Review")
            .WithName("WardProgress").WithSummary("年次別目標に対する受理済み計画・実績の合計と差 / Accepted plans and actuals against the annual targets");
        tenantApi.MapGet("/progress/targets", Targets).WithTags("Review").WithName("GetTargets").WithSummary("年次別目標 / The annual targets");
        tenantApi.MapPut("/progress/targets/{fiscalYear:int}", SetTarget).WithTags("Review")
            .WithName("SetTarget").WithSummary("年度の目標（定員・GH定員）を設定する / Set a fiscal year's target");
        return tenantApi;
    }

    private static bool IsCorporation(HttpContext http) => http.GetTenant().Kind == TenantKind.Corporation;

    private static async Task<IResult> Submit(Submit command, HttpContext http, SubmissionCommands commands, CancellationToken ct)
    {
        if (!IsCorporation(http)) return TypedResults.NotFound();
        var result = await commands.SubmitAsync(http.GetTenant(), http.UserName(), command, ct);
        return result.ToHttpResult(id => TypedResults.Created($"/api/t/{http.GetTenant().Id}/submissions/{id}", new SubmittedId(id)));
    }

    private static async Task<Results<Ok<IReadOnlyList<SentSubmissionView>>, NotFound>> ListSent(HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        IsCorporation(http) ? TypedResults.Ok(await queries.SentAsync(http.GetTenant(), ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<SentSubmission>, NotFound>> GetSent(Guid id, HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        IsCorporation(http) && await queries.SentAsync(http.GetTenant(), id, ct) is { } s ? TypedResults.Ok(s) : TypedResults.NotFound();

    private static async Task<Results<Ok<IReadOnlyList<ReceivedSubmission>>, NotFound>> Queue(ReviewStatus? status, HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        !IsCorporation(http) ? TypedResults.Ok(await queries.QueueAsync(http.GetTenant(), status, ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<ReceivedSubmission>, NotFound>> GetReceived(Guid id, HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        !IsCorporation(http) && await queries.ReceivedAsync(http.GetTenant(), id, ct) is { } s ? TypedResults.Ok(s) : TypedResults.NotFound();

    private static async Task<Results<Ok<VersionDiff>, NotFound>> Diff(Guid id, HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        !IsCorporation(http) && await queries.DiffAsync(http.GetTenant(), id, ct) is { } d ? TypedResults.Ok(d) : TypedResults.NotFound();

    private static async Task<IResult> Assign(Guid id, AssignReviewer? command, HttpContext http, SubmissionCommands commands, CancellationToken ct) =>
        (await commands.AssignAsync(http.GetTenant(), http.UserName(), id, command ?? new AssignReviewer(null), ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> Comment(Guid id, CommentLine command, HttpContext http, SubmissionCommands commands, CancellationToken ct) =>
        (await commands.CommentAsync(http.GetTenant(), http.UserName(), id, command, ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> Return(Guid id, ReturnSubmission command, HttpContext http, SubmissionCommands commands, CancellationToken ct) =>
        (await commands.ReturnAsync(http.GetTenant(), http.UserName(), id, command, ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<IResult> Accept(Guid id, HttpContext http, SubmissionCommands commands, CancellationToken ct) =>
        (await commands.AcceptAsync(http.GetTenant(), http.UserName(), id, ct)).ToHttpResult(_ => TypedResults.NoContent());

    private static async Task<Results<Ok<WardProgress>, NotFound>> Progress(HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        !IsCorporation(http) ? TypedResults.Ok(await queries.ProgressAsync(http.GetTenant(), ct)) : TypedResults.NotFound();

    private static async Task<Results<Ok<PlanTargets>, NotFound>> Targets(HttpContext http, SubmissionQueries queries, CancellationToken ct) =>
        !IsCorporation(http) ? TypedResults.Ok(await queries.TargetsAsync(http.GetTenant(), ct)) : TypedResults.NotFound();

    private static async Task<IResult> SetTarget(int fiscalYear, TargetInput input, HttpContext http, SubmissionCommands commands, CancellationToken ct) =>
        (await commands.SetTargetAsync(http.GetTenant(), http.UserName(), new SetTarget(fiscalYear, input.TotalCapacity, input.GroupHomeCapacity), ct))
            .ToHttpResult(_ => TypedResults.NoContent());
}
