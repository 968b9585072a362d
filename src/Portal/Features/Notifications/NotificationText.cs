using System.Globalization;
using Hidamari.Portal.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Hidamari.Portal.Features.Notifications;

/// The words of a notification, in the current UI culture (the reader's language).
public sealed class NotificationText(IStringLocalizer<SharedResource> text)
{
    public string Title(NotificationSubject s) => text[$"Notifications.Title.{s.Kind}"];

    public string Document(NotificationSubject s) => s.FiscalYear is { } year
        ? text["Notifications.DocumentOfYear", text[$"Submissions.Kind.{s.Document}"], JapaneseDates.FiscalYearDisplay(year, CultureInfo.CurrentUICulture), s.Version]
        : text["Notifications.Document", text[$"Submissions.Kind.{s.Document}"], s.Version];

    public string Message(NotificationSubject s)
    {
        var step = s.GrantStatus is { } status ? text[$"Grants.Status.{status}"].Value : "";
        return s.Detail is { Length: > 0 } detail
            ? text[$"Notifications.Message.{s.Kind}.WithDetail", Document(s), s.From, detail, step]
            : text[$"Notifications.Message.{s.Kind}", Document(s), s.From, "", step];
    }

    /// Where the work is done (a page under the tenant's own route).
    public static string Link(string tenantId, NotificationSubject s) => s.Kind switch
    {
        NotificationKind.SubmissionReceived => $"/t/{tenantId}/review",
        NotificationKind.GrantDecision => $"/t/{tenantId}/grants/{s.SubmissionId}",
        _ => $"/t/{tenantId}/submissions",
    };

    public string Kind(NotificationKind kind) => text[$"Notifications.Kind.{kind}"];

    public string Channel(NotificationChannel channel) => text[$"Notifications.Channel.{channel}"];

    public string this[string key] => text[key];

    public string this[string key, params object[] arguments] => text[key, arguments];
}
