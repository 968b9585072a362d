using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hidamari.Tenancy.Identity;

public sealed class MailOptions
{
    public const string Section = "Hidamari:Mail";

    public string From { get; set; } = "no-reply@hidamari.example";

    /// Development sink: every message is written as an .eml file here instead of being sent.
    public string? PickupDirectory { get; set; }

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? UserName { get; set; }
    public string? Password { get; set; }
}

/// Sends e-mail: invitations, password resets, notifications.
public interface IMailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct = default);
}

/// <summary>SMTP through System.Net.Mail: to a server when <c>Host</c> is configured, else to the pickup directory
/// (the development mail sink). With neither, sending fails loudly rather than losing a reset link.</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options, ILogger<SmtpMailSender> logger) : IMailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct = default)
    {
        var o = options.Value;
        using var message = new MailMessage(o.From, to, subject, body) { BodyEncoding = System.Text.Encoding.UTF8, SubjectEncoding = System.Text.Encoding.UTF8 };
        using var client = new SmtpClient();
        if (!string.IsNullOrWhiteSpace(o.Host))
        {
            client.Host = o.Host;
            client.Port = o.Port;
            client.EnableSsl = o.EnableSsl;
            if (o.UserName is not null) client.Credentials = new NetworkCredential(o.UserName, o.Password);
        }
        else if (!string.IsNullOrWhiteSpace(o.PickupDirectory))
        {
            Directory.CreateDirectory(o.PickupDirectory);
            client.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            client.PickupDirectoryLocation = Path.GetFullPath(o.PickupDirectory);
        }
        else
        {
            throw new InvalidOperationException("No mail transport configured: set Hidamari:Mail:Host or Hidamari:Mail:PickupDirectory.");
        }
        await client.SendMailAsync(message, ct);
        logger.LogInformation("Mail '{Subject}' sent", subject);
    }
}
