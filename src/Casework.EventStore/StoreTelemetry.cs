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
}
