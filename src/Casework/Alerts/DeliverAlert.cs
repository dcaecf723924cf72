using Marten;
using Wolverine;

namespace Casework.Alerts;

/// <summary>How an alert reaches its recipient (kebab case, ADR 27).</summary>
public enum AlertChannel
{
    Webhook,
    Email,
}

/// <summary>One alert to be delivered by the school's webhook: a message of its own, retried and dead-lettered on its own.</summary>
public sealed record AlertByWebhook(Alert Alert);

/// <summary>One alert to be delivered by e-mail to its recipient: retried and dead-lettered apart from the webhook.</summary>
public sealed record AlertByEmail(Alert Alert);

/// <summary>
/// Whether one alert reached one channel (ADR 37): when, after how many attempts, and the class of the last error,
/// never a body nor an error's message (which may quote a server's answer). One per alert and channel, so a repeat
/// of the alert finds the same record. <see cref="EnvelopeId"/> is the Wolverine message that failed last: once
/// <see cref="Failed"/>, it is in Wolverine's dead letters and replaying it hands it back to the queue;
/// <see cref="ReplayedBecause"/> is what the administrator said when they last did.
/// </summary>
public sealed record AlertDelivery(
    string Id,
    Guid AlertId,
    AlertChannel Channel,
    Guid RecipientId,
    Guid? CaseId,
    DateTimeOffset RaisedAt,
    int Attempts,
    DateTimeOffset LastAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? LastError,
    bool Failed,
    Guid EnvelopeId,
    string? ReplayedBecause = null)
{
    public bool Delivered => DeliveredAt is not null;

    public static string IdOf(Guid alertId, AlertChannel channel) => $"{alertId:N}-{channel.ToString().ToLowerInvariant()}";
}

/// <summary>The recipient cannot be reached on this channel (left the school, or no work e-mail): retrying cannot help.</summary>
public sealed class RecipientUnreachable(string reason) : Exception(reason);

/// <summary>
/// Delivers each <see cref="Alert"/> (issue 17) at least once: the alert, on the durable local queue <see cref="Queue"/>,
/// is split into one message per configured channel on the durable local queue <see cref="DeliveryQueue"/>, so a webhook
/// that is down does not hold back the e-mail and each is retried with backoff (<see cref="AlertSettings.RetryDelays"/>)
/// and, after the last retry, kept in Wolverine's dead letters for an administrator to replay. Every attempt is recorded
/// in <see cref="AlertDelivery"/>.
/// </summary>
public static class DeliverAlertHandler
{
    public const string Queue = "alerts";

    /// <summary>
    /// The channel messages' queue, apart from the alerts' (ADR 41): Wolverine holds at most 10,000 messages waiting on a
    /// durable local queue and makes whoever adds one more wait, so a handler whose messages went back to its own queue
    /// would wait on itself once that many alerts were waiting, and every change that raises an alert behind it.
    /// </summary>
    public const string DeliveryQueue = "alert-deliveries";

    public static IEnumerable<object> Handle(Alert alert, AlertSettings settings)
    {
        if (settings.Webhook(alert.Tenant) is not null)
        {
            yield return new AlertByWebhook(alert);
        }
        if (settings.Smtp(alert.Tenant) is not null)
        {
            yield return new AlertByEmail(alert);
        }
    }

    public static Task Handle(AlertByWebhook message, Envelope envelope, AlertSettings settings, AlertWebhook webhook, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        AttemptAsync(message.Alert, AlertChannel.Webhook, envelope, settings, store, clock, () => webhook.SendAsync(message.Alert, ct), ct);

    public static Task Handle(AlertByEmail message, Envelope envelope, AlertSettings settings, AlertEmail email, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        AttemptAsync(message.Alert, AlertChannel.Email, envelope, settings, store, clock, () => email.SendAsync(message.Alert, ct), ct);

    private static async Task AttemptAsync(Alert alert, AlertChannel channel, Envelope envelope, AlertSettings settings, IDocumentStore store,
        TimeProvider clock, Func<Task> send, CancellationToken ct)
    {
        await using var session = store.LightweightSession(alert.Tenant);
        var id = AlertDelivery.IdOf(alert.Id, channel);
        var known = await session.LoadAsync<AlertDelivery>(id, ct);
        if (known is { Delivered: true })
        {
            // A repeat (the alert handled twice, or a replay after all): it was delivered, and a receiver drops repeats by id anyway.
            return;
        }
        var attempts = (known?.Attempts ?? 0) + 1;
        var now = clock.GetUtcNow();
        try
        {
            await send();
            session.Store(new AlertDelivery(id, alert.Id, channel, alert.RecipientId, alert.CaseId, alert.RaisedAt, attempts, now, clock.GetUtcNow(), null, false, envelope.Id, known?.ReplayedBecause));
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Wolverine counts this envelope's attempts from 1; the last one's failure sends it to the dead letters.
            var last = e is RecipientUnreachable || envelope.Attempts >= settings.RetryDelays.Count + 1;
            session.Store(new AlertDelivery(id, alert.Id, channel, alert.RecipientId, alert.CaseId, alert.RaisedAt, attempts, now, null,
                ErrorClass(e), last, envelope.Id, known?.ReplayedBecause));
            await session.SaveChangesAsync(ct);
            throw;
        }
    }

    /// <summary>What went wrong, by class only: an unreachable recipient says why (it names no case), anything else its type.</summary>
    public static string ErrorClass(Exception e) => e is RecipientUnreachable ? $"{nameof(RecipientUnreachable)}: {e.Message}" : e.GetType().Name;
}
