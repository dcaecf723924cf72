using Casework.Alerts;
using Casework.Allegations;
using JasperFx;
using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Runtime.Handlers;
using Wolverine.Marten;

namespace Casework.Http;

/// <summary>
/// Wolverine carries the messages a change sends, in the change's own transaction (its outbox on Marten), and
/// handles them: routing allegations after a directory change (ADR 14). Case actions are routes of the case route
/// table (ADR 24) whose sessions are enrolled in that outbox.
/// </summary>
public static class WolverineSetup
{
    /// <summary>How many deadline messages one instance handles at once: each loads one case and may append to it.</summary>
    public const int DeadlineParallelism = 8;

    /// <summary>How many of the clock's alert deliveries one instance sends at once (ADR 44).</summary>
    public const int DeadlineDeliveryParallelism = 16;

    public static WebApplicationBuilder AddCaseworkWolverine(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(options =>
        {
            options.Policies.AutoApplyTransactions();
            // R4 after a directory change (ADR 14): durable, so a message committed with the change is stored with it
            // (Marten's message storage) and handled even if the process stops first; one at a time, in order.
            options.PublishMessage<RouteAllegationsAbout>().ToLocalQueue(RouteAllegationsAboutHandler.Queue).UseDurableInbox().Sequential();
            // Alerts (ADR 37): durable too, so an alert committed with its change is stored with it and delivered even
            // after a restart; each channel's message is retried on its own, with backoff (scheduled retries are stored,
            // so they survive a restart too), then kept in Wolverine's dead letters for an administrator to replay. A
            // recipient who cannot be reached goes there at once: no retry would reach them. Each alert is published per
            // channel to one of two queues (ADR 44), so the clock's thousands at a school day's end never hold back an
            // alert that someone's action raised; by type, as Wolverine routes. An alert stored whole before then is
            // split on a third (ADR 41: a handler never sends into its own queue, whose 10,000 waiting would make it
            // wait on itself).
            options.PublishMessage<Alert>().ToLocalQueue(DeliverAlertHandler.StoredAlertsQueue);
            options.PublishMessage<AlertByWebhook>().ToLocalQueue(DeliverAlertHandler.Queue);
            options.PublishMessage<AlertByEmail>().ToLocalQueue(DeliverAlertHandler.Queue);
            options.PublishMessage<DeadlineAlertByWebhook>().ToLocalQueue(DeliverAlertHandler.DeadlineQueue);
            options.PublishMessage<DeadlineAlertByEmail>().ToLocalQueue(DeliverAlertHandler.DeadlineQueue);
            options.LocalQueue(DeliverAlertHandler.StoredAlertsQueue).UseDurableInbox().MaximumParallelMessages(8);
            options.LocalQueue(DeliverAlertHandler.Queue).UseDurableInbox().MaximumParallelMessages(8);
            // The clock's deliveries wait on the school's receiver more than on the cores: twice as many in flight, so
            // that 20,000 raised at one instant keep pace with the checks that raise them (docs/benchmarks.md).
            options.LocalQueue(DeliverAlertHandler.DeadlineQueue).UseDurableInbox().MaximumParallelMessages(DeadlineDeliveryParallelism);
            options.Policies.Add(new AlertRetries(new AlertSettings(builder.Configuration).RetryDelays.ToArray()));
            // Deadlines that act (ADR 36): the reminder and the check of each deadline are scheduled on a durable local
            // queue, so they are stored with the change that set the deadline (Marten's message storage, the incoming
            // envelopes as Scheduled) and handled once, by whichever instance's poll claims them, restart or not.
            options.PublishMessage<DeadlineReminder>().ToLocalQueue(DeadlineChecks.Queue);
            options.PublishMessage<DeadlineCheck>().ToLocalQueue(DeadlineChecks.Queue);
            options.LocalQueue(DeadlineChecks.Queue).UseDurableInbox().MaximumParallelMessages(DeadlineParallelism);
            // Deadlines cluster at London midnight (every working-day deadline of a day ends then): each poll claims up
            // to RecoveryBatchSize due envelopes under one advisory lock, every ScheduledJobPollingTime. Wolverine's
            // defaults (100 every 5 s) drain 10,000 due at one instant in over eight minutes; 1,000 every second claims
            // them in ten polls, and the handlers (DeadlineParallelism at a time per instance) set the pace after that.
            options.Durability.ScheduledJobPollingTime = TimeSpan.FromSeconds(1);
            options.Durability.ScheduledJobFirstExecution = TimeSpan.FromSeconds(1);
            options.Durability.RecoveryBatchSize = 1_000;
            // Its envelope and node tables are created by `migrate`, as the schema's owner (ADR 15); at start-up
            // Wolverine only checks they exist, since the service's role may not create them.
            options.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            // Named, not inferred: JasperFx pins the application assembly process-wide to the first host started, so a
            // test process whose first host is another assembly's (the daemon tests') would find no endpoints here.
            options.ApplicationAssembly = typeof(WolverineSetup).Assembly;
        });
        builder.Services.AddSingleton<AlertSettings>();
        builder.Services.AddHostedService<AlertSettingsCheck>();
        builder.Services.AddSingleton<AlertWebhook>();
        builder.Services.AddSingleton<AlertEmail>();
        // A receiver that does not answer within this is a failed attempt, retried later.
        builder.Services.AddHttpClient(AlertWebhook.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        // The handler's code is generated ahead (`codegen write`, in Internal/Generated, ADR 8): a production host loads
        // only that and compiles nothing; elsewhere a handler without generated code is compiled at start-up, which is
        // how `codegen write` (run by scripts/codegen.sh, in Development) writes it. The test command checks it is current.
        builder.Services.CritterStackDefaults(defaults =>
        {
            defaults.Production.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Static;
            defaults.Development.GeneratedCodeMode = JasperFx.CodeGeneration.TypeLoadMode.Auto;
        });
        return builder;
    }
}

/// <summary>The error policy of each alert channel's message (ADR 37): retried after each of <paramref name="delays"/>, then dead-lettered.</summary>
internal sealed class AlertRetries(TimeSpan[] delays) : IHandlerPolicy
{
    public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.MessageType.IsAssignableTo(typeof(IAlertDelivery))))
        {
            chain.OnException<RecipientUnreachable>().MoveToErrorQueue();
            chain.OnAnyException().ScheduleRetry(delays);
        }
    }
}
