using System.Globalization;
using System.Runtime.InteropServices;

namespace Casework.Http.Benchmarks;

/// <summary>One measured cell: a workload at a number of clients in a scenario.</summary>
internal sealed record Cell(Scenario Scenario, WorkloadKind Workload, int Clients, Measurement Result);

/// <summary>
/// How a scenario's service came up: cold start to ready on a fresh schema (migrations included) and again on
/// the filled store, the pre-fill, the directory seeding.
/// </summary>
internal sealed record ScenarioSetup(Scenario Scenario, TimeSpan FreshStart, TimeSpan FilledStart, TimeSpan Prefill, TimeSpan Seeding, int People, int Conflicts)
{
    public bool ColdStartMet => FreshStart <= Report.ColdStartTarget && FilledStart <= Report.ColdStartTarget;
}

/// <summary>What the numbers were measured on.</summary>
internal sealed record Machine(string Cpu, int Cores, string Memory, string Os, string PostgreSql, string SynchronousCommit, string DotNet, string Commit, DateTimeOffset Date)
{
    public static async Task<Machine> DescribeAsync(Database database, string repository, CancellationToken ct)
    {
        var (code, commit, _) = await Processes.RunAsync("git", ["rev-parse", "--short", "HEAD"], repository, ct);
        return new(
            ProcLine("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            ProcLine("/proc/meminfo", "MemTotal") ?? "unknown",
            File.Exists("/proc/sys/kernel/osrelease")
                ? $"{RuntimeInformation.OSDescription}, kernel {File.ReadAllText("/proc/sys/kernel/osrelease").Trim()}"
                : RuntimeInformation.OSDescription,
            await database.ScalarAsync("select version()", ct),
            await database.ScalarAsync("select current_setting('synchronous_commit')", ct),
            RuntimeInformation.FrameworkDescription,
            code == 0 ? commit : "unknown",
            DateTimeOffset.UtcNow);
    }

    /// <summary>The 1, 5 and 15 minute load averages: other work on the machine shows up here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcLine(string file, string key)
    {
        if (!File.Exists(file))
        {
            return null;
        }
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}

/// <summary>The Markdown report: the machine, the setup of each scenario, every cell beside its target, and the targets.</summary>
internal sealed class Report(Machine machine, Options options, string prefillFile, string loadAtStart)
{
    public const double CreateRatioTarget = 0.30;
    public const double CreateP99TargetMs = 25;

    /// <summary>Exporting the timeline of a case of 1,000 events, as JSON or as a PDF.</summary>
    public const double TimelineExportP99TargetMs = 1_000;
    public const double SameWithin = 0.90;
    public static readonly TimeSpan ColdStartTarget = TimeSpan.FromSeconds(3);

    public IReadOnlyDictionary<int, Measurement> Raw { get; set; } = new Dictionary<int, Measurement>();

    public IReadOnlyDictionary<(string Stream, int Clients), Measurement> MartenAppend { get; set; } = new Dictionary<(string, int), Measurement>();

    public List<ScenarioSetup> Setups { get; } = [];

    public List<Cell> Cells { get; } = [];

    public List<RebuildResult> Rebuilds { get; } = [];

    public string LoadAtEnd { get; set; } = "";

    public List<ReadSideResult> ReadSide { get; } = [];

    public IEnumerable<string> Lines()
    {
        yield return $"- Date: {machine.Date:yyyy-MM-dd HH:mm} UTC; service at commit {machine.Commit}, published in Release, ASPNETCORE_ENVIRONMENT=Development";
        yield return $"- CPU: {machine.Cores} cores ({machine.Cpu}); memory: {machine.Memory}";
        yield return $"- OS: {machine.Os}";
        yield return $"- PostgreSQL: {machine.PostgreSql}, synchronous_commit={machine.SynchronousCommit}";
        yield return $"- .NET: {machine.DotNet}. Harness, service and PostgreSQL share the machine; requests go over loopback.";
        yield return $"- Load average (1/5/15 min) at start: {loadAtStart}; at end: {LoadAtEnd}";
        yield return $"- Each cell: {options.WarmUpSeconds:0.#} s warm-up, then {options.Seconds:0.#} s measured; a CHECKPOINT before each cell{(options.Quick ? " (--quick)" : "")}.";
        yield return $"- Events stored before: the pre-fill ({Path.GetFileName(prefillFile)}), plus the directory's events and the concerns the cells create.";
        yield return "- CPU ms/req: CPU time (user + system, from /proc) of the service process and of the PostgreSQL cluster (postmaster and all its " +
            "processes) during the measured time, divided by the requests; less sensitive than throughput to other work on the machine.";
        yield return "";
        yield return "| Scenario | Cold start, fresh schema | Cold start, filled store | Pre-fill | Directory seeding | Target | Result |";
        yield return "|---|---:|---:|---:|---:|---|---|";
        foreach (var s in Setups)
        {
            yield return $"| {s.Scenario.Label} | {s.FreshStart.TotalSeconds:0.00} s | {s.FilledStart.TotalSeconds:0.00} s | {s.Prefill.TotalSeconds:0.0} s " +
                $"| {s.People:#,0} people in {s.Seeding.TotalSeconds:0.0} s ({s.Conflicts:#,0} × 409 retried) | ≤ {ColdStartTarget.TotalSeconds:0} s | {Verdict(s.ColdStartMet)} |";
        }
        yield return "";
        yield return "| Workload | Directory | Events stored before | Clients | Requests/s | ÷ raw INSERT tx/s | p50 ms | p99 ms | CPU ms/req: service + PostgreSQL | Errors | Target | Result |";
        yield return "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|";
        foreach (var (clients, raw) in Raw.OrderBy(r => r.Key))
        {
            yield return $"| raw single-row INSERT (tx/s) | — | — | {clients} | {raw.PerSecond:#,0} | 1.00 | {raw.Percentile(0.5):0.00} | {raw.Percentile(0.99):0.00} " +
                $"| {Cpu(raw)} | {Errors(raw)} | baseline | |";
        }
        foreach (var ((stream, clients), append) in MartenAppend.OrderBy(m => m.Key.Stream).ThenBy(m => m.Key.Clients))
        {
            yield return $"| Marten append, 1 event, {stream} (no HTTP) | — | — | {clients} | {append.PerSecond:#,0} " +
                $"| {(Raw.TryGetValue(clients, out var raw) ? $"{append.PerSecond / raw.PerSecond:0.000}" : "—")} | {append.Percentile(0.5):0.00} | {append.Percentile(0.99):0.00} " +
                $"| {Cpu(append)} | {Errors(append)} | reference | |";
        }
        foreach (var cell in Cells.OrderBy(c => c.Workload).ThenBy(c => Setups.FindIndex(s => s.Scenario == c.Scenario)).ThenBy(c => c.Clients))
        {
            var r = cell.Result;
            var targets = Targets(cell).ToList();
            yield return $"| {Workloads.Describe(cell.Workload)} | {cell.Scenario.DirectoryLabel} | {cell.Scenario.PrefilledEvents:#,0} | {cell.Clients} " +
                $"| {r.PerSecond:#,0} | {Ratio(cell)} | {r.Percentile(0.5):0.00} | {r.Percentile(0.99):0.00} | {Cpu(r)} | {Errors(r)} " +
                $"| {string.Join("; ", targets.Select(t => t.Target))} | {string.Join("; ", targets.Select(t => Verdict(t.Met)))} |";
        }
        if (Rebuilds.Count > 0)
        {
            yield return "";
            foreach (var line in RegisterRebuild.Lines(Rebuilds))
            {
                yield return line;
            }
        }
    }

    /// <summary>The read side's figures (ReadSide), each beside its target.</summary>
    public IEnumerable<string> ReadSideLines()
    {
        if (ReadSide.Count == 0)
        {
            yield break;
        }
        yield return "| Read side | Measured | Target | Result |";
        yield return "|---|---|---|---|";
        foreach (var r in ReadSide)
        {
            yield return $"| {r.What} | {r.Measured} | {r.Target} | {Verdict(r.Met)} |";
        }
    }

    /// <summary>Each target of the brief, with the figure it was judged on.</summary>
    public IEnumerable<string> Summary()
    {
        yield return "| Target | Measured | Result |";
        yield return "|---|---|---|";
        foreach (var cell in Cells)
        {
            foreach (var (target, met) in Targets(cell))
            {
                yield return $"| {Workloads.Describe(cell.Workload)}, {cell.Scenario.Label}, {cell.Clients} clients: {target} " +
                    $"| {cell.Result.PerSecond:#,0}/s ({Ratio(cell)} × raw), p99 {cell.Result.Percentile(0.99):0.0} ms | {Verdict(met)} |";
            }
        }
        foreach (var s in Setups)
        {
            yield return $"| cold start to ready, {s.Scenario.Label}: ≤ {ColdStartTarget.TotalSeconds:0} s " +
                $"| {s.FreshStart.TotalSeconds:0.00} s on a fresh schema, {s.FilledStart.TotalSeconds:0.00} s on the filled store | {Verdict(s.ColdStartMet)} |";
        }
        foreach (var r in Rebuilds.Where(r => !r.Daemon))
        {
            yield return $"| register rebuild, {r.PrefilledEvents:#,0} events pre-filled: ≥ {RegisterRebuild.TargetPerSecond:#,0} events/s " +
                $"| {r.EventsPerSecond:#,0} events/s ({r.Events:#,0} in {r.Elapsed.TotalSeconds:0.00} s) | {Verdict(r.Met)} |";
        }
        var errors = Cells.Sum(c => c.Result.ErrorCount);
        yield return $"| no errors | {errors:#,0} non-2xx or failed requests{(Cells.Any(c => c.Result.RanDry) ? "; a client ran out of cases" : "")} | {Verdict(errors == 0 && !Cells.Any(c => c.Result.RanDry))} |";
    }

    private IEnumerable<(string Target, bool Met)> Targets(Cell cell)
    {
        var r = cell.Result;
        if (cell.Scenario.IsReference && cell.Workload == WorkloadKind.Create && cell.Clients == 32 && Raw.TryGetValue(32, out var raw))
        {
            yield return ($"≥ {CreateRatioTarget:0.00} × raw ({CreateRatioTarget * raw.PerSecond:#,0}/s)", r.PerSecond >= CreateRatioTarget * raw.PerSecond);
        }
        if (cell.Scenario.IsReference && cell.Workload == WorkloadKind.Create && cell.Clients == 8)
        {
            yield return ($"p99 ≤ {CreateP99TargetMs:0} ms", r.Percentile(0.99) <= CreateP99TargetMs);
        }
        if (cell.Workload.IsTimelineExport())
        {
            yield return ($"p99 ≤ {TimelineExportP99TargetMs:#,0} ms", r.Percentile(0.99) <= TimelineExportP99TargetMs);
        }
        if (!cell.Scenario.IsReference
            && Cells.FirstOrDefault(c => c.Scenario.IsReference && c.Workload == cell.Workload && c.Clients == cell.Clients) is { } reference)
        {
            yield return ($"≥ {SameWithin:0.00} × {reference.Scenario.Label} ({SameWithin * reference.Result.PerSecond:#,0}/s)",
                r.PerSecond >= SameWithin * reference.Result.PerSecond);
        }
    }

    /// <summary>"service + database" CPU milliseconds per operation, "—" where unknown.</summary>
    public static string Cpu(Measurement m)
    {
        var (service, database) = m.CpuMsPerOperation;
        return $"{(service is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "—")} + {(database is { } d ? d.ToString("0.00", CultureInfo.InvariantCulture) : "—")}";
    }

    private string Ratio(Cell cell) =>
        Raw.TryGetValue(cell.Clients, out var raw) ? (cell.Result.PerSecond / raw.PerSecond).ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Errors(Measurement m)
    {
        var text = m.ErrorCount == 0 ? "0" : $"**{m.ErrorCount:#,0}** ({string.Join(", ", m.Errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key}: {e.Value:#,0}"))})";
        return m.RanDry ? text + "; **ran out of cases**" : text;
    }

    private static string Verdict(bool met) => met ? "PASS" : "**MISS**";
}
