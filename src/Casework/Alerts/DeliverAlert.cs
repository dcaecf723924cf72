using Marten;
using Wolverine;

namespace Casework.Alerts;

/// <summary>How an alert reaches its recipient (kebab case, ADR 27).</summary>
public enum AlertChannel
{
    Webhook,
    Email,
}

/// <summary>
/// One alert to be delivered on one channel: a message of its own, retried and dead-lettered on its own (ADR 37). Its
/// type says its queue (ADR 44), since Wolverine routes by type: the alerts someone's action raised on one, the clock's on
/// another.
/// </summary>
public interface IAlertDelivery
{
    Alert Alert { get; }
}

/// <summary>An alert someone's action raised, to be delivered by the school's webhook.</summary>
public sealed record AlertByWebhook(Alert Alert) : IAlertDelivery;

/// <summary>An alert someone's action raised, to be delivered by e-mail to its recipient, apart from the webhook.</summary>
public sealed record AlertByEmail(Alert Alert) : IAlertDelivery;

/// <summary>An alert the clock raised (a deadline's reminder, miss or escalation), to be delivered by the school's webhook.</summary>
public sealed record DeadlineAlertByWebhook(Alert Alert) : IAlertDelivery;

/// <summary>An alert the clock raised, to be delivered by e-mail to its recipient, apart from the webhook.</summary>
public sealed record DeadlineAlertByEmail(Alert Alert) : IAlertDelivery;

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
/// Delivers each <see cref="Alert"/> (issue 17) at least once: published as one message per channel the school has
/// configured (<see cref="PublishAsync"/>), in the transaction of the change or deadline that raised it, so a webhook
/// that is down does not hold back the e-mail and each is retried with backoff (<see cref="AlertSettings.RetryDelays"/>)
/// and, after the last retry, kept in Wolverine's dead letters for an administrator to replay. Every attempt is recorded
/// in <see cref="AlertDelivery"/>.
/// </summary>
public static class DeliverAlertHandler
{
    /// <summary>
    /// The durable local queue of the alerts someone's action raised (ADR 44): a new concern, disclosure or allegation,
    /// indecent images, an action assigned. They never wait behind the alerts the clock raises.
    /// </summary>
    public const string Queue = "alert-deliveries";

    /// <summary>
    /// The durable local queue of the alerts the clock raises (ADR 44): reminders, missed and escalated deadlines, and
    /// acknowledgements overdue, thousands of which fall due together at the end of a school day.
    /// </summary>
    public const string DeadlineQueue = "deadline-alert-deliveries";

    /// <summary>Alerts stored before ADR 44, published whole rather than per channel, are still delivered: split here.</summary>
    public const string StoredAlertsQueue = "alerts";

    /// <summary>Whether the clock raised an alert of this kind, rather than someone's action: its deliveries wait on <see cref="DeadlineQueue"/>.</summary>
    public static bool RaisedByTheClock(AlertKind kind) =>
        kind is AlertKind.DeadlineReminder or AlertKind.DeadlineMissed or AlertKind.DeadlineEscalated or AlertKind.AcknowledgementOverdue;

    /// <summary>
    /// Publishes <paramref name="alert"/> as one message per channel its school has configured, each of the type that
    /// routes it to its queue (<see cref="RaisedByTheClock"/>), through <paramref name="bus"/>'s outbox: stored with the
    /// transaction it is enrolled in.
    /// </summary>
    public static async Task PublishAsync(IMessageBus bus, Alert alert, AlertSettings settings)
    {
        var clock = RaisedByTheClock(alert.Kind);
        var options = new DeliveryOptions { TenantId = alert.Tenant };
        if (settings.Webhook(alert.Tenant) is not null)
        {
            await bus.PublishAsync(clock ? new DeadlineAlertByWebhook(alert) : (IAlertDelivery)new AlertByWebhook(alert), options);
        }
        if (settings.Smtp(alert.Tenant) is not null)
        {
            await bus.PublishAsync(clock ? new DeadlineAlertByEmail(alert) : (IAlertDelivery)new AlertByEmail(alert), options);
        }
    }

    public static Task Handle(Alert alert, IMessageContext bus, AlertSettings settings) => PublishAsync(bus, alert, settings);

    public static Task Handle(AlertByWebhook message, Envelope envelope, AlertSettings settings, AlertWebhook webhook, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        AttemptAsync(message.Alert, AlertChannel.Webhook, envelope, settings, store, clock, () => webhook.SendAsync(message.Alert, ct), ct);

    public static Task Handle(AlertByEmail message, Envelope envelope, AlertSettings settings, AlertEmail email, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        AttemptAsync(message.Alert, AlertChannel.Email, envelope, settings, store, clock, () => email.SendAsync(message.Alert, ct), ct);

    public static Task Handle(DeadlineAlertByWebhook message, Envelope envelope, AlertSettings settings, AlertWebhook webhook, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
        AttemptAsync(message.Alert, AlertChannel.Webhook, envelope, settings, store, clock, () => webhook.SendAsync(message.Alert, ct), ct);

    public static Task Handle(DeadlineAlertByEmail message, Envelope envelope, AlertSettings settings, AlertEmail email, IDocumentStore store, TimeProvider clock, CancellationToken ct) =>
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
