using System.Net;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Submissions;

/// Delivery between two tenant stores, run step by step: at least once, applied exactly once, decisions in any order.
[Trait("Category", "Submissions")]
public sealed class DeliveryTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private SubmissionDelivery Delivery => portal.Services.GetRequiredService<SubmissionDelivery>();
    private TenantStores Stores => portal.Services.GetRequiredService<TenantStores>();

    private async Task<(TenantInfo Ward, TenantInfo Corporation, HttpClient Manager, Guid Id)> SubmittedAsync()
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        await PlanAsync(portal, corporation, "福音寮", Fukuinryo);
        var manager = portal.ClientFor(corporation);
        return (ward, corporation, manager, await SubmitPlanAsync(manager, corporation));
    }

    private async Task<long?> StreamVersionAsync(TenantInfo tenant, Guid id)
    {
        await using var session = Stores.QuerySession(tenant);
        return (await session.Events.FetchStreamStateAsync(id, Ct))?.Version;
    }

    [Fact]
    public async Task A_crash_after_the_receiver_stored_the_submission_redelivers_it_and_it_is_applied_once()
    {
        var (ward, corporation, manager, id) = await SubmittedAsync();
        var message = Assert.Single(await Delivery.PendingAsync(corporation, Ct));
        Assert.Equal((OutboxKind.Submission, ward.Id, id), (message.Kind, message.Target, message.SubmissionId));
        Assert.Equal(SentStatus.Sent, (await SentAsync(manager, corporation, id)).Submission.Status);

        // The portal writes into the ward's store, then dies before marking the message delivered: twice.
        await Delivery.ApplyAtReceiverAsync(corporation, message, Ct);
        await Delivery.ApplyAtReceiverAsync(corporation, message, Ct);
        Assert.Equal(1, await StreamVersionAsync(ward, id));
        Assert.Equal(SentStatus.Sent, (await SentAsync(manager, corporation, id)).Submission.Status);
        Assert.Single(await Delivery.PendingAsync(corporation, Ct));

        // The next instance's pass delivers it again: still one SubmissionReceived, and now 受付済み.
        var pass = await Delivery.RunOnceAsync(Ct);
        Assert.NotNull(pass);
        Assert.Equal(1, await StreamVersionAsync(ward, id));
        Assert.Equal(SentStatus.Received, (await SentAsync(manager, corporation, id)).Submission.Status);
        Assert.Empty(await Delivery.PendingAsync(corporation, Ct));

        var queue = await (await portal.ClientFor(ward, "reviewer").GetAsync($"/api/t/{ward.Id}/review/submissions", Ct)).ReadAsync<List<ReceivedSubmission>>(Ct);
        var received = Assert.Single(queue!);
        Assert.Equal((id, corporation.Id, 1, ReviewStatus.Unconfirmed), (received.Id, received.Corporation, received.DocumentVersion, received.Status));
        Assert.Equal(57, received.Content.Totals.Single(l => l.FiscalYear == 2024).Figures.TotalCapacity);
    }

    [Fact]
    public async Task A_message_written_before_a_crash_is_delivered_by_the_next_pass_and_marking_twice_changes_nothing()
    {
        var (ward, corporation, manager, id) = await SubmittedAsync();
        var message = Assert.Single(await Delivery.PendingAsync(corporation, Ct));

        Assert.True(await Delivery.DeliverAsync(corporation, message, Ct));
        await Delivery.MarkDeliveredAsync(corporation, message.Id, Ct);

        Assert.Equal(2, await StreamVersionAsync(corporation, id));   // SubmissionSent + one SubmissionAcknowledged
        Assert.Equal(1, await StreamVersionAsync(ward, id));
        Assert.Equal(SentStatus.Received, (await SentAsync(manager, corporation, id)).Submission.Status);
    }

    [Fact]
    public async Task Review_steps_delivered_out_of_order_and_twice_leave_the_latest_status_and_every_comment_once()
    {
        var (ward, corporation, manager, id) = await SubmittedAsync();
        await Delivery.RunOnceAsync(Ct);
        var reviewer = portal.ClientFor(ward, "reviewer");
        var api = $"/api/t/{ward.Id}/review/submissions/{id}";
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/comments", new { line = "2024", text = "令和6年度の定員が目標に届きません。" }));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(reviewer, $"{api}/return", new { reasons = "令和6年度の計画を見直してください。" }));

        var steps = await Delivery.PendingAsync(ward, Ct);
        Assert.Equal(3, steps.Count);
        foreach (var step in steps.Reverse()) Assert.True(await Delivery.DeliverAsync(ward, step, Ct));
        foreach (var step in steps) await Delivery.ApplyAtReceiverAsync(ward, step, Ct);

        var sent = (await SentAsync(manager, corporation, id)).Submission;
        Assert.Equal(SentStatus.Returned, sent.Status);
        Assert.Equal("令和6年度の計画を見直してください。", sent.ReturnReasons);
        var comment = Assert.Single(sent.Comments);
        Assert.Equal(("2024", "令和6年度の定員が目標に届きません。"), (comment.Line, comment.Text));
        Assert.Equal(3, sent.AppliedMessages.Count);
        Assert.Empty(await Delivery.PendingAsync(ward, Ct));
    }

    [Fact]
    public async Task An_acceptance_arriving_before_the_assignment_leaves_the_corporation_at_accepted()
    {
        var (ward, corporation, manager, id) = await SubmittedAsync();
        await Delivery.RunOnceAsync(Ct);
        var api = $"/api/t/{ward.Id}/review/submissions/{id}";
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(portal.ClientFor(ward, "reviewer"), $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(portal.ClientFor(ward, "approver"), $"{api}/accept"));

        var steps = await Delivery.PendingAsync(ward, Ct);
        Assert.Equal(2, steps.Count);
        ReviewUpdate Update(OutboxMessage m) => System.Text.Json.JsonSerializer.Deserialize<ReviewUpdate>(m.Payload, SubmissionDelivery.Json)!;
        var assigned = steps.Single(m => Update(m).Status == ReviewStatus.InReview);
        var accepted = steps.Single(m => Update(m).Status == ReviewStatus.Accepted);
        Assert.True(Update(accepted).Sequence > Update(assigned).Sequence);

        // 受理 arrives first: the corporation shows it at once …
        Assert.True(await Delivery.DeliverAsync(ward, accepted, Ct));
        Assert.Equal(SentStatus.Accepted, (await SentAsync(manager, corporation, id)).Submission.Status);
        // … and the older 確認中 arriving afterwards (twice) does not take it back.
        Assert.True(await Delivery.DeliverAsync(ward, assigned, Ct));
        await Delivery.ApplyAtReceiverAsync(ward, assigned, Ct);
        var sent = (await SentAsync(manager, corporation, id)).Submission;
        Assert.Equal((SentStatus.Accepted, 2, Update(accepted).Sequence), (sent.Status, sent.AppliedMessages.Count, sent.ReviewSequence));
        Assert.Empty(await Delivery.PendingAsync(ward, Ct));
    }

    [Fact]
    public async Task A_message_whose_queue_signal_was_lost_is_delivered_by_the_full_sweep()
    {
        await Delivery.RunOnceAsync(Ct, fullSweep: true);
        var (ward, corporation, manager, id) = await SubmittedAsync();
        var queue = portal.Services.GetRequiredService<DeliveryQueue>();

        // The process died after the outbox commit, before listing the tenant in the shared queue.
        await queue.ForgetAsync(corporation.Id, Ct);
        var signalled = await Delivery.RunOnceAsync(Ct);
        Assert.NotNull(signalled);
        Assert.False(signalled.FullSweep);
        Assert.Null(await StreamVersionAsync(ward, id));
        Assert.Single(await Delivery.PendingAsync(corporation, Ct));

        var sweep = await Delivery.RunOnceAsync(Ct, fullSweep: true);
        Assert.NotNull(sweep);
        Assert.True(sweep.FullSweep);
        Assert.True(sweep.Delivered >= 1);
        Assert.Equal(1, await StreamVersionAsync(ward, id));
        Assert.Equal(SentStatus.Received, (await SentAsync(manager, corporation, id)).Submission.Status);
    }

    private async Task SetJurisdictionAsync(TenantInfo tenant, string jurisdiction)
    {
        var platform = portal.Services.GetRequiredService<PlatformDatabase>();
        await using var update = platform.DataSource.CreateCommand("update platform.tenants set jurisdiction = $2 where id = $1");
        update.Parameters.AddWithValue(tenant.Id);
        update.Parameters.AddWithValue(jurisdiction);
        await update.ExecuteNonQueryAsync(Ct);
    }

    private async Task<TenantInfo> ReloadAsync(TenantInfo tenant) =>
        (await portal.Services.GetRequiredService<TenantRegistry>().ListAsync(Ct)).Single(t => t.Id == tenant.Id);

    [Fact]
    public async Task A_delivery_the_receiver_refuses_is_retried_with_backoff_reported_as_stuck_and_never_lost()
    {
        var (ward, corporation, manager, id) = await SubmittedAsync();
        var message = Assert.Single(await Delivery.PendingAsync(corporation, Ct));
        var queries = portal.Services.GetRequiredService<SubmissionQueries>();

        // The corporation moved out of the ward's jurisdiction meanwhile: the ward's store must not take it.
        await SetJurisdictionAsync(corporation, "東京都別の区");
        var moved = await ReloadAsync(corporation);
        for (var attempt = 1; attempt <= OutboxMessage.StuckAfter; attempt++)
            Assert.False(await Delivery.DeliverAsync(moved, message, Ct));

        Assert.Null(await StreamVersionAsync(ward, id));
        Assert.Equal(1, await queries.StuckAsync(corporation, Ct));
        var view = await SentAsync(manager, corporation, id);
        Assert.Equal((SentStatus.Sent, true, OutboxMessage.StuckAfter), (view.Submission.Status, view.DeliveryStuck, view.DeliveryAttempts));
        Assert.NotNull(view.DeliveryError);
        Assert.Empty(await Delivery.PendingAsync(corporation, Ct));     // backing off, not forgotten

        await SetJurisdictionAsync(corporation, (await ReloadAsync(ward)).Jurisdiction);
        Assert.True(await Delivery.DeliverAsync(await ReloadAsync(corporation), message, Ct));
        Assert.Equal(0, await queries.StuckAsync(corporation, Ct));
        Assert.Equal(SentStatus.Received, (await SentAsync(manager, corporation, id)).Submission.Status);
        Assert.Equal(1, await StreamVersionAsync(ward, id));
    }

    [Fact]
    public async Task Two_submissions_of_one_document_at_once_never_share_a_version_number()
    {
        var (_, corporation, manager, _) = await SubmittedAsync();
        var commands = portal.Services.GetRequiredService<SubmissionCommands>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            commands.SubmitAsync(corporation, "m", new Hidamari.Portal.Features.Submissions.Sending.Submit(DocumentKind.DecentralizationPlan), Ct), Ct)));

        Assert.All(results, r => Assert.True(r.Succeeded || r.Outcome == Hidamari.Portal.Infrastructure.CommandOutcome.Conflict));
        var versions = (await (await manager.GetAsync($"/api/t/{corporation.Id}/submissions", Ct)).ReadAsync<List<SentSubmissionView>>(Ct))!
            .Select(v => v.Submission.DocumentVersion).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(1 + results.Count(r => r.Succeeded), versions.Count);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Order());
    }

    [Fact]
    public async Task Only_one_instance_delivers_at_a_time()
    {
        var platform = portal.Services.GetRequiredService<PlatformDatabase>();
        await using var other = await platform.DataSource.OpenConnectionAsync(Ct);
        await using (var take = other.CreateCommand())
        {
            take.CommandText = $"select pg_try_advisory_lock({SubmissionDelivery.LockKey})";
            Assert.Equal(true, await take.ExecuteScalarAsync(Ct));
        }

        Assert.Null(await Delivery.RunOnceAsync(Ct));

        await using (var release = other.CreateCommand())
        {
            release.CommandText = $"select pg_advisory_unlock({SubmissionDelivery.LockKey})";
            await release.ExecuteScalarAsync(Ct);
        }
        Assert.NotNull(await Delivery.RunOnceAsync(Ct));
    }
}
