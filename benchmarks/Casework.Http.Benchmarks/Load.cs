using System.Collections.Concurrent;
using System.Diagnostics;

namespace Casework.Http.Benchmarks;

/// <summary>What one operation came to: done, failed (named, e.g. "409"), or nothing left to work on.</summary>
internal readonly record struct Outcome(string? Error, bool NothingLeft)
{
    public static Outcome Done { get; } = new(null, false);

    public static Outcome Empty { get; } = new(null, true);

    public static Outcome Failed(string error) => new(error, false);
}

/// <summary>
/// A measured cell: successful operations over the time all clients took, the latency of each successful
/// operation (sorted, milliseconds), every failure by name, and whether a client ran out of work.
/// </summary>
internal sealed record Measurement(long Completed, TimeSpan Elapsed, double[] LatenciesMs, IReadOnlyDictionary<string, long> Errors, bool RanDry)
{
    /// <summary>CPU time the service and the database used during the measured time, where known.</summary>
    public CpuSample Cpu { get; init; }

    public double PerSecond => Completed / Elapsed.TotalSeconds;

    public long ErrorCount => Errors.Values.Sum();

    /// <summary>CPU milliseconds per operation, failures included: (service, database).</summary>
    public (double? Service, double? Database) CpuMsPerOperation =>
        (Cpu.Service?.TotalMilliseconds / (Completed + ErrorCount), Cpu.Database?.TotalMilliseconds / (Completed + ErrorCount));

    /// <summary>Nearest-rank percentile, p in (0, 1].</summary>
    public double Percentile(double p) =>
        LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Clamp((int)Math.Ceiling(p * LatenciesMs.Length) - 1, 0, LatenciesMs.Length - 1)];
}

/// <summary>Progress on the console, each line stamped with the time since the run began.</summary>
internal static class Progress
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static void Say(string line) => Console.WriteLine($"[{Clock.Elapsed:mm\\:ss}] {line}");
}

/// <summary>
/// Closed-loop load: each virtual client runs the operation again and again, timed with a Stopwatch, until
/// the duration is over. A warm-up of the same shape comes first and is not counted.
/// </summary>
internal static class Load
{
    public delegate Task<Outcome> Operation(int client, CancellationToken ct);

    public static async Task<Measurement> MeasureAsync(int clients, TimeSpan warmUp, TimeSpan duration, Operation operation, CpuMeter cpu, CancellationToken ct)
    {
        await RunAsync(clients, warmUp, operation, ct);
        var before = cpu.Sample();
        var measured = await RunAsync(clients, duration, operation, ct);
        return measured with { Cpu = cpu.Sample() - before };
    }

    public static async Task<Measurement> RunAsync(int clients, TimeSpan duration, Operation operation, CancellationToken ct)
    {
        var latencies = new List<double>[clients];
        var errors = new ConcurrentDictionary<string, long>();
        var ranDry = false;
        var clock = Stopwatch.StartNew();

        async Task Client(int client)
        {
            var mine = latencies[client] = new List<double>(4096);
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await operation(client, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    outcome = Outcome.Failed(e.GetType().Name); // a timeout, a refused connection, a database error
                }
                if (outcome.NothingLeft)
                {
                    ranDry = true;
                    return;
                }
                if (outcome.Error is { } error)
                {
                    errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                }
                else
                {
                    mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(() => Client(c), CancellationToken.None)));
        var elapsed = clock.Elapsed;
        ct.ThrowIfCancellationRequested();
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Measurement(all.Length, elapsed, all, new Dictionary<string, long>(errors), ranDry);
    }

    /// <summary>
    /// Open loop: the operation every 1/<paramref name="perSecond"/> s, each on its own whatever the last one's answer, for
    /// <paramref name="duration"/> or until <paramref name="stop"/>; the latency of each that succeeded, the others counted.
    /// At a fixed rate the CPU each costs does not move with how fast the machine's other work lets it go.
    /// </summary>
    public static async Task<Measurement> AtRateAsync(double perSecond, TimeSpan duration, Func<Task<bool>> operation, Func<bool>? stop, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / perSecond));
        var running = new List<Task<double?>>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration && stop?.Invoke() != true && await timer.WaitForNextTickAsync(ct))
        {
            running.Add(TimedAsync(operation));
        }
        var elapsed = clock.Elapsed;
        var latencies = (await Task.WhenAll(running)).OfType<double>().Order().ToArray();
        var failed = running.Count - latencies.Length;
        return new Measurement(latencies.Length, elapsed, latencies, failed == 0 ? new Dictionary<string, long>() : new() { ["not done"] = failed }, false);

        static async Task<double?> TimedAsync(Func<Task<bool>> operation)
        {
            var start = Stopwatch.GetTimestamp();
            return await operation() ? Stopwatch.GetElapsedTime(start).TotalMilliseconds : null;
        }
    }

    /// <summary>
    /// <paramref name="operation"/> at <paramref name="perSecond"/>, 5 s at a time, until the service's JIT has stopped
    /// recompiling (its tiered compilation thread under 25 ms of CPU in 5 s), or three minutes: on this machine it goes
    /// on for tens of seconds after a restart, even after thousands of requests, and would be counted in the first cell's CPU.
    /// </summary>
    public static async Task UntilJitSettlesAsync(ServiceProcess service, double perSecond, Func<Task<bool>> operation, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan jit;
        do
        {
            var before = CpuMeter.ThreadsOf(service.Pid, ".NET Tiered Com");
            await AtRateAsync(perSecond, TimeSpan.FromSeconds(5), operation, null, ct);
            jit = CpuMeter.ThreadsOf(service.Pid, ".NET Tiered Com") - before;
        }
        while (jit >= TimeSpan.FromMilliseconds(25) && clock.Elapsed < TimeSpan.FromMinutes(3));
        Progress.Say($"the service's JIT settled after {clock.Elapsed.TotalSeconds:0} s (last 5 s: {Math.Max(jit.TotalMilliseconds, 0):0} ms)");
    }
}
