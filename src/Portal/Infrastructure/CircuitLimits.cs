namespace Hidamari.Portal.Infrastructure;

/// Limits of what the browser may send to an interactive page.
public static class CircuitLimits
{
    /// <summary>
    /// SignalR's default of 32 KB per message ends the circuit when a field receives a long paste (20,000 Japanese
    /// characters are 60 KB): the page stops answering and the validation message never appears. 1 MB lets any such
    /// text reach the form's validators, which refuse it with a message like every other invalid value.
    /// </summary>
    public const long MaximumReceiveMessageSize = 1024 * 1024;
}
