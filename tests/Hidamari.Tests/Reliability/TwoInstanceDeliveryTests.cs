using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
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
/// Issue 14, must show: two portal processes on one machine and the same PostgreSQL, both running background delivery.
/// Tenants created through one are served by the other at once, a sign-in cookie from one works on the other, and
/// submissions made through either are applied at the municipality exactly once.
/// </summary>
[Trait("Category", "Reliability")]
[Collection(ReliabilityCollection.Name)]
public sealed partial class TwoInstanceDeliveryTests(ManualDeliveryPortalFactory portal) : IClassFixture<ManualDeliveryPortalFactory>
{
    private const int Submissions = 40;

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Hidamari__Security__AuthenticationPermitLimit"] = "100000",
        ["Hidamari__Submissions__Interval"] = "00:00:01",
        ["Logging__LogLevel__Hidamari.Portal.Features.Submissions.Delivery.DeliveryService"] = "Debug",
    };

    [Fact]
    public async Task Two_processes_serve_each_others_tenants_and_sessions_and_deliver_every_submission_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var a = await PortalProcess.StartAsync(portal, ct, Settings);
        await using var b = await PortalProcess.StartAsync(portal, ct, Settings);

        // The operator creates the ward and two corporations through instance A …
        await Identities.OperatorTokenAsync(portal);
        using var operatorOnA = await a.UserClientAsync($"operator.{portal.RunId}@test.example", ct);
        var jurisdiction = NewJurisdiction();
        var ward = await CreateTenantAsync(operatorOnA, "ward", TenantKind.Municipality, "テスト区", jurisdiction, ct);
        var corporations = new[]
        {
            await CreateTenantAsync(operatorOnA, "two-a", TenantKind.Corporation, "社会福祉法人東京育成園", jurisdiction, ct),
            await CreateTenantAsync(operatorOnA, "two-b", TenantKind.Corporation, "社会福祉法人福音寮", jurisdiction, ct),
        };

        // … and instance B serves them at once: a manager signs in on B and reads the corporation.
        var email = Identities.EmailFor(corporations[0], "manager");
        await portal.EnsureUserAsync(email, (corporations[0], "manager"));
        using (var managerOnB = await b.UserClientAsync(email, ct))
            Assert.Equal(HttpStatusCode.OK, (await managerOnB.GetAsync($"/api/t/{corporations[0].Id}/facilities", ct)).StatusCode);

        // A sign-in cookie issued by A is honoured by B (Data Protection keys shared in PostgreSQL).
        var cookies = new CookieContainer();
        using (var cookieOnA = a.CookieClient(cookies))
            Assert.Equal(HttpStatusCode.Redirect, (await Identities.PostLoginAsync(cookieOnA, email, Identities.Password)).StatusCode);
        using (var cookieOnB = b.CookieClient(cookies))
        {
            Assert.NotEmpty(cookies.GetCookies(b.Address));
            Assert.Equal(HttpStatusCode.OK, (await cookieOnB.GetAsync($"/t/{corporations[0].Id}/facilities", ct)).StatusCode);
        }
        using (var anonymousOnB = b.CookieClient(new CookieContainer()))
            Assert.Equal(HttpStatusCode.Redirect, (await anonymousOnB.GetAsync($"/t/{corporations[0].Id}/facilities", ct)).StatusCode);

        await PlanAsync(portal, corporations[0], "東京育成園", TokyoIkuseien);
        await PlanAsync(portal, corporations[1], "福音寮", Fukuinryo);

        // Each corporation submits alternately through A and B while both deliver.
        var acked = new ConcurrentDictionary<Guid, string>();
        var refused = new ConcurrentBag<string>();
        await Task.WhenAll(corporations.Select(corporation => Task.Run(async () =>
        {
            using var onA = await a.UserClientAsync(portal, corporation, "manager", ct);
            using var onB = await b.UserClientAsync(portal, corporation, "manager", ct);
            for (var n = 0; n < Submissions / corporations.Length; n++)
            {
                var response = await (n % 2 == 0 ? onA : onB).PostJsonAsync($"/api/t/{corporation.Id}/submissions", new { kind = "DecentralizationPlan" }, ct);
                if (response.StatusCode == HttpStatusCode.Created) acked[(await response.ReadAsync<Created>(ct))!.Id] = corporation.Id;
                else refused.Add($"{corporation.Id}: {(int)response.StatusCode}");
            }
        }, ct)));

        var stores = portal.Services.GetRequiredService<TenantStores>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        int pending;
        do
        {
            await Task.Delay(250, ct);
            pending = 0;
            foreach (var corporation in corporations)
            {
                await using var session = stores.QuerySession(corporation);
                pending += await session.Query<OutboxMessage>().CountAsync(m => m.DeliveredAt == null, ct);
            }
        } while (pending > 0 && DateTime.UtcNow < deadline);

        IReadOnlyList<SubmissionReceived> received;
        await using (var session = stores.QuerySession(ward))
            received = await session.Events.QueryRawEventDataOnly<SubmissionReceived>().ToListAsync(ct);
        var acknowledged = new List<Guid>();
        foreach (var corporation in corporations)
        {
            await using var session = stores.QuerySession(corporation);
            acknowledged.AddRange((await session.Events.QueryRawEventDataOnly<SubmissionAcknowledged>().ToListAsync(ct)).Select(e => e.SubmissionId));
        }
        // The console logger writes from a queue: give the last pass's line a moment to reach the captured output.
        for (var wait = 0; wait < 20 && Deliveries(a.Output).Delivered + Deliveries(b.Output).Delivered < acked.Count; wait++) await Task.Delay(250, ct);
        var (deliveredByA, passesA, skippedA) = Deliveries(a.Output);
        var (deliveredByB, passesB, skippedB) = Deliveries(b.Output);
        var duplicates = received.Count - received.Select(r => r.SubmissionId).Distinct().Count();

        ReliabilitySetup.Figure($"[reliability] two portal processes delivering: submitted {acked.Count} (half through each), " +
            $"applied at the ward {received.Count}, duplicates {duplicates}, 受付済み {acknowledged.Count}; delivered by A {deliveredByA} in {passesA} passes " +
            $"(skipped {skippedA} while B held the lock), by B {deliveredByB} in {passesB} passes (skipped {skippedB})");

        Assert.Empty(refused);
        Assert.Equal(Submissions, acked.Count);
        Assert.Equal(0, pending);
        Assert.Equal(0, duplicates);
        Assert.Equal(acked.Keys.Order(), received.Select(r => r.SubmissionId).Order());
        Assert.Equal(acked.Keys.Order(), acknowledged.Order());
        // Each message was delivered by one pass of one instance: the counts of the two processes add up to the submissions.
        Assert.Equal(Submissions, deliveredByA + deliveredByB);
    }

    private async Task<TenantInfo> CreateTenantAsync(HttpClient operatorClient, string stem, TenantKind kind, string name, string jurisdiction, CancellationToken ct)
    {
        var id = PortalFactory.NewTenantId(stem);
        var response = await operatorClient.PostJsonAsync("/api/operator/tenants", new
        {
            id, kind = kind.ToString(), displayName = name, jurisdiction, firstAdministratorEmail = $"admin.{id}@test.example",
        }, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await portal.TenantAsync(id);
    }

    /// Messages delivered, passes that delivered something, and passes skipped for the lock, from one process's log.
    private static (int Delivered, int Passes, int Skipped) Deliveries(string log)
    {
        var passes = DeliveredLine().Matches(log).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (passes.Sum(), passes.Count(d => d > 0), SkippedLine().Count(log));
    }

    [GeneratedRegex(@"Delivery pass: (\d+) delivered")]
    private static partial Regex DeliveredLine();

    [GeneratedRegex("Delivery pass skipped: another instance is delivering")]
    private static partial Regex SkippedLine();
}
