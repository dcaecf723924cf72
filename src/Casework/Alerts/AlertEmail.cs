using System.Globalization;
using System.Text.Json;
using Casework.Calendar;
using Casework.Directory;
using MailKit.Net.Smtp;
using Marten;
using MimeKit;

namespace Casework.Alerts;

/// <summary>
/// E-mails an alert to its recipient's work address through the school's SMTP server (ADR 37). The Message-ID is the
/// alert's id (<c>&lt;{id}@casework&gt;</c>), the same on every retry, so a mail system or a reader can drop a repeat. The
/// address is the alert's, else the directory's for the recipient; someone who has left, or has no address, cannot be
/// reached, which no retry would change.
/// </summary>
public sealed class AlertEmail(AlertSettings settings, IDocumentStore store)
{
    public async Task SendAsync(Alert alert, CancellationToken ct)
    {
        var target = settings.Smtp(alert.Tenant) ?? throw new RecipientUnreachable("The school has no SMTP server configured.");
        var to = alert.RecipientEmail ?? await DirectoryAddressAsync(alert, ct);
        using var message = Message(alert, settings, target.From, to);
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(target.Host, target.Port, target.Security, ct);
        if (target.User is not null)
        {
            await smtp.AuthenticateAsync(target.User, target.Password ?? "", ct);
        }
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }

    private async Task<string> DirectoryAddressAsync(Alert alert, CancellationToken ct)
    {
        await using var session = store.QuerySession(alert.Tenant);
        var person = await session.LoadAsync<Person>(alert.RecipientId, ct);
        return person?.Staff switch
        {
            null => throw new RecipientUnreachable("The recipient is not a member of staff in the directory."),
            { HasLeft: true } => throw new RecipientUnreachable("The recipient has left the school."),
            { Email: null } => throw new RecipientUnreachable("The recipient has no work e-mail in the directory."),
            { Email: { } email } => email,
        };
    }

    /// <summary>The e-mail in plain words: the school, the kind, the rule, the deadline in London time and the console's link; no case content.</summary>
    public static MimeMessage Message(Alert alert, AlertSettings settings, string from, string to)
    {
        var school = settings.SchoolName(alert.Tenant);
        var what = Words(alert.Kind);
        var message = new MimeMessage { MessageId = MessageId(alert.Id), Date = alert.RaisedAt, Subject = $"Casework, {school}: {what}" };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        var due = alert.Due is { } at
            ? $"Deadline: {WorkingDayCalendar.InLondon(at).ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB"))} (London time)\n"
            : "";
        message.Body = new TextPart("plain")
        {
            Text = $"""
                Casework at {school} has an alert for you: {what}.

                Rule: {alert.Rule}
                {due}Open it in the console: {settings.Link(alert.CaseId)}

                This e-mail holds nothing about the case itself: sign in to see it. If it reaches you twice, the second is a repeat (alert {alert.Id}).
                """,
        };
        return message;
    }

    /// <summary>The Message-ID without its angle brackets (MimeKit adds them): <c>{id}@casework</c>.</summary>
    public static string MessageId(Guid alertId) => $"{alertId}@casework";

    /// <summary>The kind in a few plain words, e.g. "deadline missed".</summary>
    public static string Words(AlertKind kind) => JsonNamingPolicy.KebabCaseLower.ConvertName(kind.ToString()).Replace('-', ' ');
}
