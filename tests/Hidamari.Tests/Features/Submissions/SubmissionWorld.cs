using System.Net;
using Hidamari.Portal.Features.Facilities;
using Hidamari.Portal.Features.Facilities.Registering;
using Hidamari.Portal.Features.Plans;
using Hidamari.Portal.Features.Plans.SettingPlanYear;
using Hidamari.Portal.Features.Submissions;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hidamari.Tests.Features.Submissions;

/// The portal with the background deliverer off, so a test runs delivery step by step (and can "crash" between steps).
public sealed class ManualDeliveryPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hidamari:Submissions:BackgroundDelivery", "false");
    }

    /// Three delivery passes, each of which must run: enough for a submission to reach the ward and an answer to come back.
    public async Task DeliverAsync()
    {
        var delivery = Services.GetRequiredService<Hidamari.Portal.Features.Submissions.Delivery.SubmissionDelivery>();
        for (var i = 0; i < 3; i++) Assert.NotNull(await delivery.RunOnceAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>
/// A ward and its corporations in a jurisdiction of their own (so that tests sharing a portal never see each other's
/// municipality), with seed 003's plans: 東京育成園 totals 53/55/55/54, GH 22/24/24/36; 福音寮 57/57/57/57, GH 36/36/39/39.
/// </summary>
public static class SubmissionWorld
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public static async Task<TenantInfo> TenantAsync(PortalFactory portal, string stem, TenantKind kind, string jurisdiction, string? name = null) =>
        await portal.Services.GetRequiredService<TenantProvisioner>()
            .CreateAsync(new NewTenant(PortalFactory.NewTenantId(stem), kind, name ?? stem, jurisdiction), Ct);

    public static string NewJurisdiction() => "東京都テスト区" + Guid.NewGuid().ToString("N")[..6];

    public static readonly PlannedFigures[] TokyoIkuseien =
    [
        new(5, 0, 31, 3, 1, 22), new(5, 0, 31, 0, 6, 24), new(5, 0, 31, 0, 6, 24), new(3, 0, 18, 0, 9, 36),
    ];

    public static readonly PlannedFigures[] Fukuinryo =
    [
        new(3, 0, 21, 6, 0, 36), new(3, 0, 21, 6, 0, 36), new(3, 0, 18, 5, 2, 39), new(3, 0, 18, 5, 2, 39),
    ];

    /// Registers one facility and enters its plan for 令和3–6年度 (2021–2024).
    public static async Task PlanAsync(PortalFactory portal, TenantInfo corporation, string facility, PlannedFigures[] years)
    {
        var registered = await portal.Services.GetRequiredService<FacilityCommands>().RegisterAsync(corporation, "test",
            new RegisterFacility(FacilityKind.ChildrensHome, facility, "東京都世田谷区", years[0].MainCapacity, new DateOnly(2021, 9, 30)), Ct);
        Assert.True(registered.Succeeded, registered.Message);
        var plans = portal.Services.GetRequiredService<PlanCommands>();
        for (var i = 0; i < years.Length; i++)
        {
            var set = await plans.SetYearAsync(corporation, "test", new SetPlanYear(registered.Value, 2021 + i, years[i]), Ct);
            Assert.True(set.Succeeded, set.Message);
        }
    }

    public static async Task<Guid> SubmitPlanAsync(HttpClient manager, TenantInfo corporation)
    {
        var response = await manager.PostJsonAsync($"/api/t/{corporation.Id}/submissions", new { kind = "DecentralizationPlan" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Created>(Ct))!.Id;
    }

    public static async Task<SentSubmissionView> SentAsync(HttpClient manager, TenantInfo corporation, Guid id)
    {
        var list = await (await manager.GetAsync($"/api/t/{corporation.Id}/submissions", Ct)).ReadAsync<List<SentSubmissionView>>(Ct);
        return list!.Single(s => s.Submission.Id == id);
    }

    public static async Task<HttpStatusCode> PostAsync(HttpClient client, string url, object? body = null) =>
        (await client.PostJsonAsync(url, body ?? new { }, Ct)).StatusCode;
}
