using Hidamari.Portal.Infrastructure;
using Hidamari.Tenancy;
using Hidamari.Tenancy.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hidamari.Portal.Features.Notifications;

public sealed record NotificationView(
    Guid Id, NotificationKind Kind, string Title, string Message, string Link, DateTimeOffset CreatedAt, bool Read, NotificationChannel Channel);

public sealed record NotificationList(int Unread, IReadOnlyList<NotificationView> Items);

/// <summary>A person's choices: notification channel per kind (this tenant), language and date style (the person's,
/// in every tenant). On PUT, what is left out stays as it was.</summary>
public sealed record PreferencesView(IReadOnlyDictionary<NotificationKind, NotificationChannel>? Channels, string? Language, DateStyle? Dates);

public static class NotificationsApi
{
    /// Everyone who belongs to the tenant reads and marks their own notifications, not only those who may write.
    private static readonly string[] Members = [Roles.Manager, Roles.Finance, Roles.StaffViewer, Roles.Reviewer, Roles.Approver];

    public static RouteGroupBuilder MapNotificationsApi(this RouteGroupBuilder tenantApi)
    {
        var group = tenantApi.MapGroup("/notifications").WithTags("Notifications");
        group.MapGet("/", List).WithName("ListNotifications").WithSummary("自分への通知（新しい順）と未読数 / My notifications, newest first, with the unread count");
        group.MapPost("/{id:guid}/read", MarkRead).RequireTenantRoles(Members)
            .WithName("MarkNotificationRead").WithSummary("通知を既読にする / Mark a notification read");
        group.MapPost("/read", MarkAllRead).RequireTenantRoles(Members)
            .WithName("MarkAllNotificationsRead").WithSummary("すべて既読にする / Mark all read");
        group.MapGet("/preferences", GetPreferences).WithName("GetNotificationPreferences")
            .WithSummary("通知の受け取り方（種類ごと）・言語・日付の表記 / Channel per kind, language and date style");
        group.MapPut("/preferences", PutPreferences).RequireTenantRoles(Members).WithName("SetNotificationPreferences")
            .WithSummary("通知の受け取り方・言語・日付の表記を変える / Change channels, language or date style");
        return tenantApi;
    }

    private static string? UserId(HttpContext http) => TenantAccess.UserId(http.User);

    private static async Task<Ok<NotificationList>> List(HttpContext http, NotificationQueries queries, NotificationText text, CancellationToken ct)
    {
        var tenant = http.GetTenant();
        if (UserId(http) is not { } userId) return TypedResults.Ok(new NotificationList(0, []));
        var items = await queries.ListAsync(tenant, userId, 100, ct);
        return TypedResults.Ok(new NotificationList(
            await queries.UnreadCountAsync(tenant, userId, ct),
            [.. items.Select(n => new NotificationView(n.Id, n.Kind, text.Title(n.Subject), text.Message(n.Subject),
                NotificationText.Link(tenant.Id, n.Subject), n.CreatedAt, n.IsRead, n.Channel))]));
    }

    private static async Task<Results<NoContent, NotFound>> MarkRead(Guid id, HttpContext http, NotificationQueries queries, CancellationToken ct) =>
        UserId(http) is { } userId && await queries.MarkReadAsync(http.GetTenant(), userId, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<NoContent> MarkAllRead(HttpContext http, NotificationQueries queries, CancellationToken ct)
    {
        if (UserId(http) is { } userId) await queries.MarkAllReadAsync(http.GetTenant(), userId, ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<PreferencesView>, NotFound>> GetPreferences(HttpContext http, NotificationQueries queries, UserPreferences users, CancellationToken ct)
    {
        if (UserId(http) is not { } userId) return TypedResults.NotFound();
        var channels = await queries.PreferencesAsync(http.GetTenant(), userId, ct);
        var display = await users.GetAsync(userId);
        return TypedResults.Ok(new PreferencesView(channels.All(), display.Language, display.Dates));
    }

    private static async Task<Results<Ok<PreferencesView>, ValidationProblem, NotFound>> PutPreferences(
        PreferencesView body, HttpContext http, NotificationQueries queries, UserPreferences users, NotificationText text, CancellationToken ct)
    {
        if (UserId(http) is not { } userId) return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        if (body.Language is not (null or "ja" or "en")) errors["language"] = [text["Notifications.Error.Language"]];
        if (body.Channels?.Any(c => !Enum.IsDefined(c.Key) || !Enum.IsDefined(c.Value)) == true) errors["channels"] = [text["Notifications.Error.Channel"]];
        if (body.Dates is { } d && !Enum.IsDefined(d)) errors["dates"] = [text["Notifications.Error.Dates"]];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var channels = body.Channels is { Count: > 0 } c ? await queries.SetPreferencesAsync(http.GetTenant(), userId, c, ct) : await queries.PreferencesAsync(http.GetTenant(), userId, ct);
        var display = await users.SetAsync(userId, body.Language, body.Dates) ?? DisplayPreferences.Default;
        return TypedResults.Ok(new PreferencesView(channels.All(), display.Language, display.Dates));
    }
}
