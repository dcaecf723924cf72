using System.Diagnostics;

namespace Casework.Benchmarks;

/// <summary>Operations completed by all writers in a fixed duration, and the wall time they took.</summary>
internal sealed record Measurement(long Operations, TimeSpan Elapsed)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;
}

/// <summary>
/// Runs N concurrent writers for a fixed duration and counts completed operations. Each writer loops
/// until the duration is over and finishes the operation it is in; the clock stops when the last one has.
/// </summary>
internal static class Runner
{
    /// <summary>A writer: given its index and the stop signal, returns how many operations it completed.</summary>
    public delegate Task<long> Writer(int index, CancellationToken stop);

    public static async Task<Measurement> MeasureAsync(int writers, TimeSpan warmUp, TimeSpan duration, Writer writer)
    {
        await RunAsync(writers, warmUp, writer);
        return await RunAsync(writers, duration, writer);
    }

    private static async Task<Measurement> RunAsync(int writers, TimeSpan duration, Writer writer)
    {
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(() => writer(i, stop.Token))).ToList();
        stop.CancelAfter(duration);
        var counts = await Task.WhenAll(tasks);
        return new Measurement(counts.Sum(), clock.Elapsed);
    }

    /// <summary>The loop every writer runs: the operation, again and again, until told to stop.</summary>
    public static async Task<long> LoopAsync(Func<Task> operation, CancellationToken stop)
    {
        long completed = 0;
        while (!stop.IsCancellationRequested)
        {
            await operation();
            completed++;
        }
        return completed;
    }
}
