using Hidamari.Portal.Features.Grants.Attaching;
using Hidamari.Portal.Features.Grants.Deciding;
using Hidamari.Portal.Features.Grants.Drafting;
using Hidamari.Portal.Features.Grants.Exporting;
using Hidamari.Portal.Features.Grants.Programmes;
using Hidamari.Portal.Features.Grants.Reviewing;
using Hidamari.Portal.Features.Grants.Settling;
using Hidamari.Portal.Features.Grants.Submitting;
using Hidamari.Portal.Features.Subsidies.Claims;
using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Grants;

public sealed record GrantCreated(Guid Id);

public sealed record GrantStepDone(long Version);

public static class GrantsApi
{
    public static RouteGroupBuilder MapGrantsApi(this RouteGroupBuilder tenantApi)
    {
        var grants = tenantApi.MapGroup("/grants").WithTags("Grants");
        grants.MapGrantRecordsApi();

        grants.MapGet("/programmes", Programmes).WithName("ListGrantProgrammes")
            .WithSummary("補助事業（年度・自治体ごと、最新版）と全国のひな形 / Grant programmes of the jurisdiction (latest versions) and national templates");
        grants.MapPost("/programmes", Publish).RequireTenantRoles(Roles.Reviewer, Roles.Approver).WithName("PublishGrantProgramme")
            .WithSummary("補助事業を公表する（同じキーなら新しい版）/ Publish a programme, or a new version of one");
        grants.MapGet("/programmes/summary", Summary).WithName("GrantProgrammeSummary")
            .WithSummary("事業ごとの申請数・申請額・決定額・確定額・予算残額 / Per programme: applications, requested, decided, fixed, budget left");
        grants.MapGet("/programmes/{key}/decided.{format}", ExportDecided).WithName("ExportDecidedGrants")
            .WithSummary("交付決定一覧を CSV・Excel で出力 / The decided list as csv or xlsx");

        // corporation
        grants.MapGet("/applications", Applications).WithName("ListGrantApplications").WithSummary("法人の補助金申請 / The corporation's applications");
        grants.MapPost("/applications", Start).RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("StartGrantApplication")
            .WithSummary("申請の下書きを作る（記録済みの賃貸借費用から）/ Start a draft, optionally from recorded lease costs");
        grants.MapGet("/applications/{id:guid}", Application).WithName("GetGrantApplication").WithSummary("申請・経過 / One application with its timeline");
        grants.MapGet("/applications/{id:guid}/preview", Preview).WithName("PreviewGrantApplication")
            .WithSummary("下書きの算定額と事業要件の確認 / The engine's figures and the check against the programme");
        grants.MapPut("/applications/{id:guid}/draft", Edit).RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("EditGrantDraft")
            .WithSummary("下書きを保存する（自動保存）/ Save the draft (autosave)");
        grants.MapPost("/applications/{id:guid}/submit", Submit).RequireTenantRoles(Roles.Manager).WithName("SubmitGrantApplication")
            .WithSummary("交付申請（再提出）/ Submit or resubmit the application");
        grants.MapPost("/applications/{id:guid}/change", Change).RequireTenantRoles(Roles.Manager).WithName("RequestGrantChange")
            .WithSummary("変更申請 / Request a change");
        grants.MapPost("/applications/{id:guid}/report", Report).RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("ReportGrantActuals")
            .WithSummary("実績報告 / Report actual costs");
        grants.MapPost("/applications/{id:guid}/claim", Claim).RequireTenantRoles(Roles.Manager, Roles.Finance).WithName("ClaimGrant")
            .WithSummary("請求 / Claim the fixed amount");

        // municipality
        grants.MapGet("/cases", Cases).WithName("ListGrantCases").WithSummary("受け付けた申請（事業で絞り込み）/ Received applications");
        grants.MapGet("/cases/{id:guid}", Case).WithName("GetGrantCase").WithSummary("申請・審査・決定の経過 / One case with its timeline");
        grants.MapGet("/cases/{id:guid}/notice.pdf", Notice).WithName("GrantDecisionNotice").WithSummary("交付決定通知書 (PDF) / The decision notice");
        MapStep<AssignGrantReviewer>(grants, "assign", "AssignGrantReviewer", "担当者を割り当てる / Take up for review", new AssignGrantReviewer(), (c, t, u, id, x, ct) => c.AssignAsync(t, u, id, x, ct), Roles.Reviewer, Roles.Approver);
        MapStep<CommentGrant>(grants, "comments", "CommentGrant", "コメント / Comment", new CommentGrant(null, ""), (c, t, u, id, x, ct) => c.CommentAsync(t, u, id, x, ct), Roles.Reviewer, Roles.Approver);
        MapStep<ReturnGrant>(grants, "return", "ReturnGrant", "差し戻し / Return with reasons", new ReturnGrant(""), (c, t, u, id, x, ct) => c.ReturnAsync(t, u, id, x, ct), Roles.Reviewer, Roles.Approver);
        MapStep<DecideGrant>(grants, "decide", "DecideGrant", "交付決定（審査担当者以外の承認者）/ Decide (an approver other than the reviewer)", new DecideGrant(), (c, t, u, id, x, ct) => c.DecideAsync(t, u, id, x, ct), Roles.Approver);
        MapStep<ApproveChange>(grants, "approve-change", "ApproveGrantChange", "変更承認 / Approve a change", new ApproveChange(), (c, t, u, id, x, ct) => c.ApproveChangeAsync(t, u, id, x, ct), Roles.Approver);
        MapStep<FixAmount>(grants, "fix", "FixGrantAmount", "額の確定 / Fix the amount from the report", new FixAmount(), (c, t, u, id, _, ct) => c.FixAsync(t, u, id, ct), Roles.Approver);
        MapStep<RecordPayment>(grants, "payments", "RecordGrantPayment", "支払 / Record a payment", new RecordPayment(0), (c, t, u, id, x, ct) => c.PayAsync(t, u, id, x, ct), Roles.Approver);
        MapStep<CancelGrant>(grants, "cancel", "CancelGrant", "取消 / Cancel the decision", new CancelGrant(""), (c, t, u, id, x, ct) => c.CancelAsync(t, u, id, x, ct), Roles.Approver);
        MapStep<RecordRepayment>(grants, "repayments", "RecordGrantRepayment", "返還 / Record a repayment", new RecordRepayment(0), (c, t, u, id, x, ct) => c.RepayAsync(t, u, id, x, ct), Roles.Reviewer, Roles.Approver);
        grants.MapGrantFiles();
        return tenantApi;
    }

    private delegate Task<CommandResult<long>> Step<T>(GrantCommands commands, TenantInfo tenant, string user, Guid id, T command, CancellationToken ct);

    private static void MapStep<T>(RouteGroupBuilder grants, string path, string name, string summary, T empty, Step<T> step, params string[] roles) where T : class =>
        grants.MapPost($"/cases/{{id:guid}}/{path}", async (Guid id, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] T? command, HttpContext http,
                GrantCommands commands, CancellationToken ct) =>
                (await step(commands, http.GetTenant(), http.UserName(), id, command ?? empty, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v))))
            .RequireTenantRoles(roles).WithName(name).WithSummary(summary);

    private static bool IsCorporation(HttpContext http) => http.GetTenant().Kind == TenantKind.Corporation;

    private static async Task<Ok<IReadOnlyList<GrantProgramme>>> Programmes(bool? templates, HttpContext http, GrantQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.ProgrammesAsync(http.GetTenant().Jurisdiction, templates ?? !IsCorporation(http), ct));

    private static async Task<IResult> Publish(PublishProgramme command, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.PublishProgrammeAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToHttpResult(id => TypedResults.Created($"/api/t/{http.GetTenant().Id}/grants/programmes", new GrantCreated(id)));

    private static async Task<Results<Ok<IReadOnlyList<ProgrammeSummary>>, NotFound>> Summary(HttpContext http, GrantQueries queries, CancellationToken ct) =>
        IsCorporation(http) ? TypedResults.NotFound() : TypedResults.Ok(await queries.SummariesAsync(http.GetTenant(), ct));

    private static async Task<IResult> ExportDecided(string key, string format, HttpContext http, GrantQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (IsCorporation(http) || format is not ("csv" or "xlsx")) return TypedResults.NotFound();
        var decided = GrantExports.Decided(await queries.CasesAsync(http.GetTenant(), key, ct));
        var bytes = GrantExports.InJapanese(() => format == "csv" ? GrantExports.ToCsv(decided, text) : GrantExports.ToXlsx(decided, text));
        return TypedResults.File(bytes, format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"grants-decided-{key}.{format}");
    }

    private static async Task<Results<Ok<IReadOnlyList<GrantApplication>>, NotFound>> Applications(HttpContext http, GrantQueries queries, CancellationToken ct) =>
        IsCorporation(http) ? TypedResults.Ok(await queries.ApplicationsAsync(http.GetTenant(), ct)) : TypedResults.NotFound();

    private static async Task<IResult> Start(StartDraft command, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.StartDraftAsync(http.GetTenant(), http.UserName(), command, ct))
            .ToHttpResult(id => TypedResults.Created($"/api/t/{http.GetTenant().Id}/grants/applications/{id}", new GrantCreated(id)));

    private static async Task<Results<Ok<GrantApplication>, NotFound>> Application(Guid id, HttpContext http, GrantQueries queries, CancellationToken ct) =>
        await queries.ApplicationAsync(http.GetTenant(), id, ct) is { } a ? TypedResults.Ok(a) : TypedResults.NotFound();

    private static async Task<Results<Ok<GrantPreview>, NotFound>> Preview(Guid id, HttpContext http, GrantQueries queries, CancellationToken ct) =>
        await queries.PreviewAsync(http.GetTenant(), id, ct) is { } p ? TypedResults.Ok(p) : TypedResults.NotFound();

    private static async Task<IResult> Edit(Guid id, EditDraft command, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.EditDraftAsync(http.GetTenant(), http.UserName(), id, command, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v)));

    private static async Task<IResult> Submit(Guid id, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.SubmitAsync(http.GetTenant(), http.UserName(), id, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v)));

    private static async Task<IResult> Change(Guid id, RequestChange command, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.RequestChangeAsync(http.GetTenant(), http.UserName(), id, command, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v)));

    private static async Task<IResult> Report(Guid id, ReportActuals command, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.ReportAsync(http.GetTenant(), http.UserName(), id, command, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v)));

    private static async Task<IResult> Claim(Guid id, HttpContext http, GrantCommands commands, CancellationToken ct) =>
        (await commands.ClaimAsync(http.GetTenant(), http.UserName(), id, ct)).ToHttpResult(v => TypedResults.Ok(new GrantStepDone(v)));

    private static async Task<Results<Ok<IReadOnlyList<GrantCase>>, NotFound>> Cases(string? programme, HttpContext http, GrantQueries queries, CancellationToken ct) =>
        IsCorporation(http) ? TypedResults.NotFound() : TypedResults.Ok(await queries.CasesAsync(http.GetTenant(), programme, ct));

    private static async Task<Results<Ok<GrantCase>, NotFound>> Case(Guid id, HttpContext http, GrantQueries queries, CancellationToken ct) =>
        await queries.CaseAsync(http.GetTenant(), id, ct) is { } c ? TypedResults.Ok(c) : TypedResults.NotFound();

    private static async Task<IResult> Notice(Guid id, HttpContext http, GrantQueries queries, IStringLocalizer<SharedResource> text, CancellationToken ct)
    {
        if (await queries.CaseAsync(http.GetTenant(), id, ct) is not { Decided: not null } c) return TypedResults.NotFound();
        try
        {
            var pdf = GrantExports.InJapanese(() => GrantExports.DecisionNotice(c, http.GetTenant().DisplayName, text));
            return TypedResults.File(pdf, "application/pdf", $"grant-decision-{id:N}.pdf");
        }
        catch (JapaneseFontMissingException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
