using System.Net;
using Hidamari.Portal.Features.Notifications;
using Hidamari.Portal.Features.Submissions.Delivery;
using Hidamari.Tenancy;
using Hidamari.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static Hidamari.Tests.Features.Submissions.SubmissionWorld;

namespace Hidamari.Tests.Features.Notifications;

/// The portal with delivery and the notification mail pass run by the test itself, step by step.
public sealed class NotificationPortalFactory : PortalFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hidamari:Submissions:BackgroundDelivery", "false");
        builder.UseSetting("Hidamari:Notifications:Interval", "00:00:00");
        builder.UseSetting("Hidamari:Notifications:PublicUrl", "https://portal.test");
    }
}

/// <summary>A ward and a corporation of its jurisdiction with 福音寮's plan, and the people of both (created before
/// anything happens, so that they are members when notifications are sent).</summary>
public sealed record NotificationWorld(PortalFactory Portal, TenantInfo Ward, TenantInfo Corporation)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    public static async Task<NotificationWorld> CreateAsync(PortalFactory portal)
    {
        var jurisdiction = NewJurisdiction();
        var ward = await TenantAsync(portal, "ward", TenantKind.Municipality, jurisdiction, "テスト区");
        var corporation = await TenantAsync(portal, "corp", TenantKind.Corporation, jurisdiction, "社会福祉法人福音寮");
        await PlanAsync(portal, corporation, "福音寮", Fukuinryo);
        foreach (var role in new[] { "manager", "finance", "staff-viewer" }) await portal.EnsureUserAsync(Identities.EmailFor(corporation, role), (corporation, role));
        foreach (var role in new[] { "reviewer", "approver" }) await portal.EnsureUserAsync(Identities.EmailFor(ward, role), (ward, role));
        return new NotificationWorld(portal, ward, corporation);
    }

    public SubmissionDelivery Delivery => Portal.Services.GetRequiredService<SubmissionDelivery>();

    public NotificationMailer Mailer => Portal.Services.GetRequiredService<NotificationMailer>();

    public HttpClient Corp(string role) => Portal.ClientFor(Corporation, role);

    public HttpClient Municipal(string role) => Portal.ClientFor(Ward, role);

    public string CorpEmail(string role) => Identities.EmailFor(Corporation, role);

    /// The corporation submits its plan and the ward receives it.
    public async Task<Guid> SubmitAndDeliverAsync()
    {
        var id = await SubmitPlanAsync(Corp("manager"), Corporation);
        await Delivery.RunOnceAsync(Ct);
        return id;
    }

    public async Task ReturnAsync(Guid id, string reasons)
    {
        var api = $"/api/t/{Ward.Id}/review/submissions/{id}";
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Municipal("reviewer"), $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Municipal("reviewer"), $"{api}/return", new { reasons }));
        await Delivery.RunOnceAsync(Ct);
    }

    public async Task AcceptAsync(Guid id)
    {
        var api = $"/api/t/{Ward.Id}/review/submissions/{id}";
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Municipal("reviewer"), $"{api}/assign"));
        Assert.Equal(HttpStatusCode.NoContent, await PostAsync(Municipal("approver"), $"{api}/accept"));
        await Delivery.RunOnceAsync(Ct);
    }

    public static async Task<NotificationList> ListAsync(HttpClient client, TenantInfo tenant)
    {
        var response = await client.GetAsync($"/api/t/{tenant.Id}/notifications", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<NotificationList>(Ct))!;
    }

    /// The e-mail files the development sink holds for an address (none yet is an empty list).
    public IReadOnlyList<string> MailsTo(string address) =>
        !Directory.Exists(Portal.MailDirectory) ? [] :
        [.. Directory.GetFiles(Portal.MailDirectory, "*.eml").Where(f => File.ReadAllText(f).Contains($"To: {address}", StringComparison.OrdinalIgnoreCase))];
}
