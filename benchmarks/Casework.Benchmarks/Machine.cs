using System.Runtime.InteropServices;
using Npgsql;

namespace Casework.Benchmarks;

/// <summary>What the numbers were measured on.</summary>
internal sealed record Machine(int Cores, string Cpu, string Memory, string Os, string PostgreSql, string SynchronousCommit, string DotNet, DateTimeOffset Date)
{
    public static async Task<Machine> DescribeAsync(NpgsqlDataSource dataSource) => new(
        Environment.ProcessorCount,
        ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        ProcLine("/proc/meminfo", "MemTotal") ?? "unknown",
        OsName(),
        await ScalarAsync(dataSource, "select version()"),
        await ScalarAsync(dataSource, "select current_setting('synchronous_commit')"),
        RuntimeInformation.FrameworkDescription,
        DateTimeOffset.UtcNow);

    public IEnumerable<string> Lines() =>
    [
        $"- Date: {Date:yyyy-MM-dd HH:mm} UTC",
        $"- CPU: {Cores} cores ({Cpu})",
        $"- Memory: {Memory}",
        $"- OS: {Os}",
        $"- PostgreSQL: {PostgreSql}, synchronous_commit={SynchronousCommit} (client and server on the same machine)",
        $"- .NET: {DotNet}, Npgsql {typeof(NpgsqlConnection).Assembly.GetName().Version}",
    ];

    private static string? ProcLine(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string OsName() => File.Exists("/proc/sys/kernel/osrelease")
        ? $"{RuntimeInformation.OSDescription}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}"
        : RuntimeInformation.OSDescription;

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows up here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task<string> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
