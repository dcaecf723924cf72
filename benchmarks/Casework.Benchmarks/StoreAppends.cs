using Casework.EventStore;

namespace Casework.Benchmarks;

/// <summary>
/// Appends through the store. Each writer appends to streams of its own: a new stream (expected version
/// "no stream") every <see cref="AppendsPerStream"/> appends, otherwise the exact version it last wrote.
/// </summary>
internal sealed class StoreAppends(EventStore.EventStore store, int batchSize, string label)
{
    public const string Tenant = "bench";
    public const int AppendsPerStream = 10;
    private int _writers;

    public int BatchSize => batchSize;

    public Task<long> WriterAsync(int index, CancellationToken stop)
    {
        // Every writer of every measurement (warm-up included) writes to streams of its own.
        var prefix = $"{label}-w{Interlocked.Increment(ref _writers)}";
        long stream = 0, version = 0;
        var streamId = "";
        return Runner.LoopAsync(async () =>
        {
            if (version == 0 || version >= AppendsPerStream * batchSize)
            {
                streamId = $"{prefix}-s{++stream}";
                version = 0;
            }
            var expected = version == 0 ? ExpectedVersion.NoStream : ExpectedVersion.Exactly(version);
            var result = await store.AppendAsync(Tenant, streamId, "case", expected, Payload.Batch(batchSize));
            version = result.NextVersion;
        }, stop);
    }
}
