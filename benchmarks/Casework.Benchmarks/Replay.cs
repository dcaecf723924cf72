using System.Diagnostics;
using Casework.EventStore;
using Npgsql;

namespace Casework.Benchmarks;

/// <summary>Reading the history back: the whole global feed in checkpointed batches, and a projection rebuild.</summary>
internal static class Replay
{
    /// <summary>The batch size a subscription reads the feed with (SubscriptionRunner's default).</summary>
    public const int FeedBatch = 500;

    /// <summary>Reads the whole feed once to warm up, then again timed.</summary>
    public static async Task<Measurement> ReadFeedAsync(EventStore.EventStore store)
    {
        await ReadWholeFeedAsync(store);
        var clock = Stopwatch.StartNew();
        var events = await ReadWholeFeedAsync(store);
        return new Measurement(events, clock.Elapsed);
    }

    /// <summary>Rebuilds the summary register once to warm up, then again; the store's report times the replay.</summary>
    public static async Task<Measurement> RebuildAsync(NpgsqlDataSource dataSource)
    {
        var projection = new SummaryProjection();
        await ProjectionRebuild.RebuildAsync(dataSource, projection);
        var report = await ProjectionRebuild.RebuildAsync(dataSource, projection);
        if (!report.Matches || report.Rows != report.Streams)
        {
            throw new InvalidOperationException($"The rebuild does not match: {report}");
        }
        return new Measurement(report.EventsReplayed, report.ReplayTime);
    }

    /// <summary>Tops the store up to at least <paramref name="minimum"/> events with 100-event appends, so that a replay means something.</summary>
    public static async Task<long> EnsureEventsAsync(EventStore.EventStore store, long minimum)
    {
        const int batch = 100, writers = 4;
        var missing = minimum - await CountEventsAsync(store.DataSource);
        var streams = (int)Math.Max(0, (missing + batch * StoreAppends.AppendsPerStream - 1) / (batch * StoreAppends.AppendsPerStream));
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var s = w; s < streams; s += writers)
            {
                for (var v = 0; v < StoreAppends.AppendsPerStream; v++)
                {
                    var expected = v == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(v * batch);
                    await store.AppendAsync(StoreAppends.Tenant, $"fill-s{s}", "case", expected, Payload.Batch(batch));
                }
            }
        })));
        return await CountEventsAsync(store.DataSource);
    }

    private static async Task<long> CountEventsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select count(*) from events");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> ReadWholeFeedAsync(EventStore.EventStore store)
    {
        var checkpoint = FeedCheckpoint.Start;
        long events = 0;
        while (true)
        {
            var batch = await store.ReadFeedAsync(checkpoint, FeedBatch);
            if (batch.Count == 0)
            {
                return events;
            }
            events += batch.Count;
            checkpoint = batch[^1].Checkpoint;
        }
    }
}
