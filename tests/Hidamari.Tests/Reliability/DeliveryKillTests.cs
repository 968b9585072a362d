using System.Collections.Concurrent;
using System.Net;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Hidamari.Tests.Features.Submissions;
using Hidamari.Tests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Reliability;

/// <summary>
/// Issue 6, must show: killing the portal during delivery loses no submission and applies none twice. The portal runs
/// as its own process and is killed (SIGKILL) while it delivers; the test's in-memory portal (delivery off) only sets
/// up tenants and reads the databases.
/// </summary>
[Trait("Category", "Submissions")]
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed class DeliveryKillTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private const int Submissions = 40;

    private TenantStores Stores => portal.Services.GetRequiredService<TenantStores>();

    [Fact]
    public async Task Killing_the_portal_during_delivery_loses_no_submission_and_applies_none_twice()
    {
        var ct = TestContext.Current.CancellationToken;
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var corporations = new[]
        {
            await TenantAsync(portal, "kill-a", TenantKind.Corporation, jurisdiction, "社会福祉法人東京育成園"),
            await TenantAsync(portal, "kill-b", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮"),
        };
        await PlanAsync(portal, corporations[0], "東京育成園", TokyoIkuseien);
        await PlanAsync(portal, corporations[1], "福音寮", Fukuinryo);

        var settings = new Dictionary<string, string>
        {
            ["Hidamari__Security__AuthenticationPermitLimit"] = "100000",
            // Each delivery waits this long after writing into the ward's store, before marking the message delivered.
            ["Hidamari__Submissions__PauseAfterApply"] = "00:00:00.400",
        };
        var acked = new ConcurrentDictionary<Guid, string>();
        var refused = new ConcurrentBag<string>();
        int receivedAtKill, appliedNotMarkedAtKill, notAppliedAtKill;
        await using (var first = await PortalProcess.StartAsync(portal, ct, settings))
        {
            var writers = corporations.Select(corporation => Task.Run(async () =>
            {
                using var manager = await first.UserClientAsync(portal, corporation, "manager", ct);
                for (var n = 0; n < Submissions / corporations.Length; n++)
                {
                    var response = await manager.PostJsonAsync($"/api/t/{corporation.Id}/submissions", new { kind = "DecentralizationPlan" }, ct);
                    if (response.StatusCode == HttpStatusCode.Created) acked[(await response.ReadAsync<Created>(ct))!.Id] = corporation.Id;
                    else refused.Add($"{corporation.Id}: {(int)response.StatusCode}");
                }
            }, ct)).ToArray();
            await Task.WhenAll(writers);

            // Kill inside the window: some submission is in the ward's store but not yet marked delivered by its sender.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                var (received, undelivered) = await SnapshotAsync(ward, corporations, ct);
                if (received.Count >= 3 && received.Overlaps(undelivered)) break;
                await Task.Delay(20, ct);
            }
            await first.KillAsync();
            var (atKill, pending) = await SnapshotAsync(ward, corporations, ct);
            receivedAtKill = atKill.Count;
            appliedNotMarkedAtKill = atKill.Count(pending.Contains);
            notAppliedAtKill = acked.Keys.Count(id => !atKill.Contains(id));
        }

        // A fresh process (no pause): its start-up sweep and the queue finish what the killed one left.
        await using (var second = await PortalProcess.StartAsync(portal, ct, new Dictionary<string, string> { ["Hidamari__Submissions__Interval"] = "00:00:01" }))
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while ((await SnapshotAsync(ward, corporations, ct)).Undelivered.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(250, ct);
        }

        // Count what the ward applied (SubmissionReceived events) and what the corporations recorded (受付済み).
        var receivedEvents = await EventsAsync<SubmissionReceived>(ward, ct);
        var receivedIds = receivedEvents.Select(e => e.SubmissionId).ToList();
        var duplicates = receivedIds.Count - receivedIds.Distinct().Count();
        var acknowledgements = new List<Guid>();
        var statuses = new List<SentSubmissionView>();
        foreach (var corporation in corporations)
        {
            acknowledgements.AddRange((await EventsAsync<SubmissionAcknowledged>(corporation, ct)).Select(e => e.SubmissionId));
            statuses.AddRange(await portal.Services.GetRequiredService<SubmissionQueries>().SentAsync(corporation, ct));
        }
        var (_, stillPending) = await SnapshotAsync(ward, corporations, ct);

        ReliabilitySetup.Figure($"[reliability] kill -9 during delivery: submitted (acknowledged) {acked.Count}, in the ward at the kill {receivedAtKill} " +
            $"(applied but not marked delivered {appliedNotMarkedAtKill}), not yet applied {notAppliedAtKill}; after restart delivered " +
            $"{receivedIds.Distinct().Count(acked.ContainsKey)}/{acked.Count}, SubmissionReceived events {receivedIds.Count}, duplicates {duplicates}, " +
            $"受付済み {statuses.Count(s => s.Submission.Status == SentStatus.Received)}/{statuses.Count}, still pending {stillPending.Count}");

        Assert.Empty(refused);
        Assert.Equal(Submissions, acked.Count);
        Assert.True(appliedNotMarkedAtKill >= 1, "the kill did not land between the ward's write and the sender's mark");
        Assert.True(notAppliedAtKill >= 1, "everything was delivered before the kill");
        Assert.Empty(stillPending);
        Assert.Equal(0, duplicates);
        Assert.Equal(acked.Keys.Order(), receivedIds.Order());                       // every acknowledged submission, once, nothing else
        Assert.Equal(acked.Keys.Order(), acknowledgements.Order());                  // 受付済み recorded once per submission
        Assert.Equal(acked.Count, statuses.Count);
        Assert.All(statuses, s => Assert.Equal(SentStatus.Received, s.Submission.Status));
        foreach (var (id, corporation) in acked)
            Assert.Equal(corporation, receivedEvents.Single(e => e.SubmissionId == id).Corporation);
    }

    /// Ids of submissions in the ward's store, and of submissions whose outbox message is not yet marked delivered.
    private async Task<(HashSet<Guid> Received, HashSet<Guid> Undelivered)> SnapshotAsync(TenantInfo ward, TenantInfo[] corporations, CancellationToken ct)
    {
        await using var wardSession = Stores.QuerySession(ward);
        var received = (await wardSession.Query<ReceivedSubmission>().Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        var undelivered = new HashSet<Guid>();
        foreach (var corporation in corporations)
        {
            await using var session = Stores.QuerySession(corporation);
            undelivered.UnionWith(await session.Query<OutboxMessage>().Where(m => m.DeliveredAt == null).Select(m => m.SubmissionId).ToListAsync(ct));
        }
        return (received, undelivered);
    }

    private async Task<IReadOnlyList<T>> EventsAsync<T>(TenantInfo tenant, CancellationToken ct) where T : class
    {
        await using var session = Stores.QuerySession(tenant);
        return await session.Events.QueryRawEventDataOnly<T>().ToListAsync(ct);
    }
}
