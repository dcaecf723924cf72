using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Casework.EventStore;

/// <summary>
/// The store's traces and metrics. Tags carry stream types and counts, never case content or stream ids.
/// </summary>
public static class StoreTelemetry
{
    public const string Name = "Casework.EventStore";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> EventsAppended =
        Meter.CreateCounter<long>("casework.store.events_appended", "{event}", "Events written by appends.");
    internal static readonly Histogram<double> AppendDuration =
        Meter.CreateHistogram<double>("casework.store.append.duration", "s", "Time to append a batch, including inline projections.");
    internal static readonly Counter<long> Conflicts =
        Meter.CreateCounter<long>("casework.store.conflicts", "{conflict}", "Appends refused for a version conflict.");
    internal static readonly Counter<long> OrderRetries =
        Meter.CreateCounter<long>("casework.store.order_retries", "{retry}", "Appends retried by the stream order guard.");

    // Read by StoreStatus.ReadAsync, which an operator's host calls periodically.
    internal static readonly ObservableGauge<double> OldestWritingTransaction = Meter.CreateObservableGauge(
        "casework.store.oldest_writing_transaction.age", () => StoreStatus.Last.OldestWritingTransactionSeconds, "s",
        "Age of the oldest open transaction that writes: the global feed cannot pass it.");
    internal static readonly ObservableGauge<long> FeedLagPositions = Meter.CreateObservableGauge(
        "casework.store.subscription.lag", () => StoreStatus.Last.Subscriptions.Select(s =>
            new Measurement<long>(s.Events, new KeyValuePair<string, object?>("subscription", s.Name))), "{event}",
        "Events committed past a subscription's checkpoint.");
    internal static readonly ObservableGauge<double> FeedLagSeconds = Meter.CreateObservableGauge(
        "casework.store.subscription.lag_time", () => StoreStatus.Last.Subscriptions.Select(s =>
            new Measurement<double>(s.Seconds, new KeyValuePair<string, object?>("subscription", s.Name))), "s",
        "How long the oldest event a subscription has not handled has waited (0 when caught up).");
}
