using System.Diagnostics;
using System.Net;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Hidamari.Tests.Reliability;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Submissions;

/// <summary>
/// A delivery pass among thousands of registered tenants opens only the databases of tenants with pending messages.
/// The extra tenants are registry entries whose databases were never created: opening any of them would fail and be
/// counted, so "not opened" is observed, not assumed.
/// </summary>
[Trait("Category", "Submissions")]
public sealed class DeliveryQueueTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private static int IdleTenants => int.TryParse(Environment.GetEnvironmentVariable("HIDAMARI_DELIVERY_IDLE_TENANTS"), out var n) ? n : 2000;

    [Fact]
    public async Task A_pass_among_thousands_of_tenants_opens_only_those_with_pending_messages()
    {
        var delivery = portal.Services.GetRequiredService<SubmissionDelivery>();
        var queue = portal.Services.GetRequiredService<DeliveryQueue>();
        var registry = portal.Services.GetRequiredService<TenantRegistry>();
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction);
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction);
        await PlanAsync(portal, corporation, "東京育成園", TokyoIkuseien);
        var sweep = await delivery.RunOnceAsync(Ct, fullSweep: true);    // the start-up sweep, before the idle tenants exist
        Assert.NotNull(sweep);
        Assert.Equal(0, sweep.TenantErrors);

        var idle = Enumerable.Range(0, IdleTenants).Select(i => $"idle-{i:D5}-{Guid.NewGuid().ToString("N")[..6]}").ToList();
        await Parallel.ForEachAsync(idle, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct }, async (id, ct) =>
            Assert.True(await registry.TryAddAsync(new TenantInfo(id, TenantKind.Corporation, $"休眠法人 {id}", "東京都どこか区", TenancyOptions.DefaultServer,
                $"{portal.DatabasePrefix}absent_{id.Replace('-', '_')}", TenantStatus.Active, DateTimeOffset.UtcNow), ct)));
        var registered = (await registry.ListAsync(Ct)).Count;

        // A submission lists its corporation; the next pass opens that one database and delivers.
        var manager = portal.ClientFor(corporation);
        var id = await SubmitPlanAsync(manager, corporation);
        var watch = Stopwatch.StartNew();
        var first = await delivery.RunOnceAsync(Ct);
        var firstMs = watch.Elapsed.TotalMilliseconds;
        Assert.NotNull(first);
        Assert.Equal((false, 1, 1, 0, 0), (first.FullSweep, first.Tenants, first.Delivered, first.Failed, first.TenantErrors));
        Assert.Equal(SentStatus.Received, (await SentAsync(manager, corporation, id)).Submission.Status);
        Assert.Equal(0, await queue.CountAsync(Ct));

        // The ward's review step goes back the same way: one database opened.
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(portal.ClientFor(ward, "reviewer"), $"/api/t/{ward.Id}/review/submissions/{id}/assign"));
        var back = await delivery.RunOnceAsync(Ct);
        Assert.NotNull(back);
        Assert.Equal((1, 1, 0), (back.Tenants, back.Delivered, back.TenantErrors));
        Assert.Equal(SentStatus.InReview, (await SentAsync(manager, corporation, id)).Submission.Status);

        // Nothing pending: a pass opens no database at all.
        watch.Restart();
        var quiet = await delivery.RunOnceAsync(Ct);
        var quietMs = watch.Elapsed.TotalMilliseconds;
        Assert.NotNull(quiet);
        Assert.Equal((0, 0), (quiet.Tenants, quiet.Delivered));

        // A tenant that cannot be read is reported, stays listed, and is not reopened before it is due again.
        await queue.SignalAsync(idle[0], Ct);
        var broken = await delivery.RunOnceAsync(Ct);
        Assert.NotNull(broken);
        Assert.Equal((1, 1), (broken.Tenants, broken.TenantErrors));
        Assert.Equal(1, await queue.CountAsync(Ct));
        var later = await delivery.RunOnceAsync(Ct);
        Assert.NotNull(later);
        Assert.Equal(0, later.Tenants);

        ReliabilitySetup.Figure($"[submissions] delivery among {registered} registered tenants: a pass after one submission opened " +
            $"{first.Tenants} tenant database and delivered {first.Delivered} in {firstMs:0} ms; an idle pass opened {quiet.Tenants} in {quietMs:0} ms " +
            $"(the old every-tenant scan would open {registered})");
    }
}
