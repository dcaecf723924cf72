namespace Casework.Http.Benchmarks;

/// <summary>CPU time (user + system) of the service process and of the PostgreSQL cluster, where known.</summary>
internal readonly record struct CpuSample(TimeSpan? Service, TimeSpan? Database)
{
    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.Service - before.Service, after.Database - before.Database);
}

/// <summary>
/// Reads CPU time from /proc. On a machine shared with other work the throughput of a cell depends on what
/// else runs; the CPU time each request costs much less so, which makes it the figure to compare across runs.
/// The cluster's time is its postmaster's with all its children (backends, WAL writer, checkpointer); it is
/// known only for a cluster on this machine whose data directory the harness may read.
/// </summary>
internal sealed class CpuMeter(int? servicePid, int? postmasterPid)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on Linux

    public CpuSample Sample() => new(
        servicePid is { } service ? Of(service) : null,
        postmasterPid is { } postmaster ? WithReaped(postmaster) + ChildrenOf(postmaster) : null);

    /// <summary>The postmaster's pid from <c>postmaster.pid</c> in the data directory; null when that cannot be read.</summary>
    public static async Task<int?> PostmasterPidAsync(Database database, CancellationToken ct)
    {
        try
        {
            var directory = await database.ScalarAsync("select current_setting('data_directory')", ct);
            var first = (await File.ReadAllLinesAsync(Path.Combine(directory, "postmaster.pid"), ct)).FirstOrDefault();
            return int.TryParse(first, out var pid) && Of(pid) is not null ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Npgsql.PostgresException)
        {
            return null;
        }
    }

    private static TimeSpan? Of(int pid) => Stat($"/proc/{pid}/stat") is { } stat ? stat.Cpu : null;

    // A backend that ends takes its CPU time out of the living children's sum, into its parent's reaped children's time
    // (cutime, cstime): counted there, so that a connection closed during a cell does not make the cluster's CPU shrink.
    private static TimeSpan? WithReaped(int pid) => Stat($"/proc/{pid}/stat") is { } stat ? stat.Cpu + stat.Reaped : null;

    /// <summary>CPU time of the threads of <paramref name="pid"/> whose name starts with <paramref name="name"/>, such as the JIT's <c>.NET Tiered Com</c>.</summary>
    public static TimeSpan ThreadsOf(int pid, string name)
    {
        var total = TimeSpan.Zero;
        try
        {
            foreach (var thread in System.IO.Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (File.ReadAllText(Path.Combine(thread, "comm")).StartsWith(name, StringComparison.Ordinal) && Stat(Path.Combine(thread, "stat")) is { } stat)
                {
                    total += stat.Cpu;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // gone, or not ours to read
        }
        return total;
    }

    private static TimeSpan ChildrenOf(int parent)
    {
        var total = TimeSpan.Zero;
        foreach (var folder in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), out var pid) && Stat($"/proc/{pid}/stat") is { } stat && stat.Parent == parent)
            {
                total += stat.Cpu;
            }
        }
        return total;
    }

    // /proc/<pid>/stat (and a thread's, /proc/<pid>/task/<tid>/stat): "pid (name) state ppid ... utime stime cutime cstime ...";
    // after the name, ppid is the 2nd field, utime the 12th, stime the 13th, the reaped children's cutime and cstime the 14th and 15th.
    private static (int Parent, TimeSpan Cpu, TimeSpan Reaped)? Stat(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1]), TimeSpan.FromSeconds((long.Parse(fields[11]) + long.Parse(fields[12])) / TicksPerSecond),
                TimeSpan.FromSeconds((long.Parse(fields[13]) + long.Parse(fields[14])) / TicksPerSecond));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone, or not ours to read
        }
    }
}
