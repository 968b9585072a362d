namespace Hidamari.Portal.Infrastructure;

/// The outcome of a pure decision: the event to record, or the field and message key that refused it.
public sealed record Decision<TEvent>(TEvent? Event, string? Field, string? MessageKey)
{
    public bool IsAccepted => Event is not null;

    public static Decision<TEvent> Accept(TEvent e) => new(e, null, null);

    public static Decision<TEvent> Refuse(string field, string messageKey) => new(default, field, messageKey);

    /// The same outcome for a caller that handles decisions of several event types alike.
    public Decision<object> Untyped() => IsAccepted ? Decision<object>.Accept(Event!) : Decision<object>.Refuse(Field!, MessageKey!);
}
