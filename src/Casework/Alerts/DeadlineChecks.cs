using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using JasperFx;
using Marten;
using Wolverine;
using Wolverine.Attributes;

namespace Casework.Alerts;

/// <summary>The morning a deadline of <paramref name="CaseId"/> is due: its owners are reminded, if it is still unmet at that due.</summary>
public sealed record DeadlineReminder(string Tenant, Guid CaseId, string Name, string? Url, DateTimeOffset Due);

/// <summary>The instant a deadline of <paramref name="CaseId"/> falls due: if it is still unmet at that due, its miss is recorded.</summary>
public sealed record DeadlineCheck(string Tenant, Guid CaseId, string Name, string? Url, DateTimeOffset Due);

/// <summary>
/// Deadlines that act (issue 17, ADR 36): each deadline a change sets or moves gets two Wolverine scheduled messages,
/// stored with the change in PostgreSQL (a durable local queue on Marten's message storage), that survive a restart and
/// are handled once by whichever instance polls them: a reminder on the morning of the day it is due, and a check at its
/// due instant that records <see cref="DeadlineMissed"/> on the case, through the same append as every action, and so
/// raises the missed deadline's alerts and escalation (<see cref="CaseAlerts"/>). Nothing is cancelled: a message whose
/// deadline was met or moved finds it so and does nothing, and a check fired twice finds the miss recorded.
/// </summary>
[WolverineHandler]
public static class DeadlineChecks
{
    public const string Queue = "deadlines";

    /// <summary>When a deadline's reminder is sent: 08:00 in London on the day it ends (the day before its exclusive due).</summary>
    public static DateTimeOffset ReminderAt(DateTimeOffset due) =>
        WorkingDayCalendar.StartOf(WorkingDayCalendar.LocalDate(due.AddTicks(-1))).AddHours(8);

    /// <summary>
    /// Schedules the reminder and the check of every unmet deadline of <paramref name="after"/> that is new or has moved
    /// since <paramref name="before"/>; a reminder whose morning has passed goes at once, none once the deadline has.
    /// </summary>
    public static async Task ScheduleAsync(IMessageBus outbox, string tenant, CaseRecord? before, CaseRecord after, DateTimeOffset now)
    {
        var known = before?.Deadlines().Where(d => !d.Satisfied).ToList() ?? [];
        foreach (var d in after.Deadlines().Where(d => !d.Satisfied && !d.Missed && !known.Any(k => k.Name == d.Name && k.Url == d.Url && k.Due == d.Due)))
        {
            if (now < d.Due)
            {
                await SendAsync(outbox, new DeadlineReminder(tenant, after.Id, d.Name, d.Url, d.Due), ReminderAt(d.Due) - now, tenant);
            }
            await SendAsync(outbox, new DeadlineCheck(tenant, after.Id, d.Name, d.Url, d.Due), d.Due - now, tenant);
        }
    }

    // A delay, not an instant: Wolverine fires by its own clock, the service decides by its TimeProvider (ADR 18), and a
    // delay is the same on both. Nothing to wait for is sent at once.
    private static ValueTask SendAsync(IMessageBus outbox, object message, TimeSpan delay, string tenant) =>
        outbox.PublishAsync(message, delay > TimeSpan.Zero
            ? new DeliveryOptions { ScheduleDelay = delay, TenantId = tenant }
            : new DeliveryOptions { TenantId = tenant });

    /// <summary>
    /// The deadlines of <paramref name="case"/> missed by <paramref name="now"/> whose miss is not yet recorded, each as
    /// <see cref="DeadlineMissed"/> with whom it escalates to: pure. The check records them at the due instant, and any
    /// change that finds one already past records it with itself (<see cref="CaseEndpoints.AppendAsync"/>), so a check
    /// fired twice, or after such a change, records nothing more.
    /// </summary>
    public static IReadOnlyList<object> Missed(Case @case, DateTimeOffset now) =>
        [.. @case.Deadlines().Where(d => d.IsOverdue(now) && !@case.File.HasMissed(d))
            .Select(d => new DeadlineMissed(d.Name, d.Due, d.Url, [.. CaseAlerts.EscalatedTo(@case, d.Name)]))];

    private static Deadline? Unmet(Case @case, string name, string? url, DateTimeOffset due) =>
        @case.Deadlines().FirstOrDefault(d => d.Name == name && d.Url == url && d.Due == due && !d.Satisfied);

    // Wolverine opens the session in the message's tenant (DeliveryOptions.TenantId) and enrolls it in its outbox; it
    // commits after the handler. An action committed between the load and the append: the check is decided again on the newer case.
    [RetryNow(typeof(ConcurrencyException), 50, 100, 250, 500, 1000)]
    public static async Task Handle(DeadlineCheck check, IDocumentSession session, IMessageContext bus, CaseService cases, CancellationToken ct)
    {
        SystemActor.Stamp(session, check.Tenant, "deadlines");
        var (stream, context, _, dataKey) = await CaseEndpoints.LoadForActionAsync(session, check.CaseId, null, [], ct);
        if (stream.Aggregate is not { } record || Unmet(record.Case, check.Name, check.Url, check.Due) is null)
        {
            return;
        }
        var now = cases.Now;
        if (now < check.Due)
        {
            // Fired early by the clock of an instance behind the service's: checked again when it is due.
            await SendAsync(bus, check, check.Due - now, check.Tenant);
            return;
        }
        await CaseEndpoints.AppendAsync(session, stream, record, context, now, cases.Keys.ForAppend(session, check.CaseId, dataKey, record), bus, cases.AlertSettings,
            (under, _) => Missed(under, now), ct);
    }

    public static async Task Handle(DeadlineReminder reminder, IDocumentSession session, IMessageContext bus, CaseService cases, CancellationToken ct)
    {
        SystemActor.Stamp(session, reminder.Tenant, "deadlines");
        var record = await session.LoadAsync<CaseRecord>(reminder.CaseId, ct);
        if (record is null || Unmet(record.Case, reminder.Name, reminder.Url, reminder.Due) is not { } deadline)
        {
            return;
        }
        await CaseAlerts.PublishAsync(session, bus, cases.AlertSettings, record, [CaseAlerts.Reminder(record, deadline)], cases.Now, ct);
    }
}
