using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Casework.Auth;
using Casework.Calendar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Casework.Http.Benchmarks;

/// <summary>How many deadlines the run schedules, how many of them fall due at the one instant, over how many schools, and the new concerns a second reported while they fire.</summary>
internal sealed record DeadlineScale(int Deadlines, int DueTogether, int Schools, double TricklePerSecond)
{
    public static DeadlineScale Full { get; } = new(100_000, 10_000, 500, 5);

    public static DeadlineScale Quick { get; } = new(10_000, 1_000, 100, 5);
}

/// <summary>
/// Deadlines as Wolverine scheduled messages and alerts by signed webhook (issue 17, ADRs 36, 37, 41; docs/benchmarks.md,
/// "Deadlines and alerts"). The service runs as a process on a clock started near a chosen London midnight (ADR 41), with
/// every school's webhook pointed at a receiver in this process that records when each alert arrives and checks nothing.
/// <list type="number">
/// <item>First service, its clock 12 hours before the instant: the schools' directories, the raw INSERT baseline, the
/// CPU cost of a create with no deadline pending, then every deadline not due at the instant (concerns told that day, due
/// at the end of the next working day), their alerts drained.</item>
/// <item>Second service on the same store, its clock started so that the instant comes once the rest is done (sized from
/// the first part's rates): the concerns told the working day before, all due at the instant; the CPU cost of a create
/// with them all pending and with the scheduled envelopes set aside (the same store and process, an empty table), in turn;
/// then,
/// from 30 s before the instant until every missed-deadline alert has arrived, a trickle of new concerns, whose alerts
/// are the rest the second target is about.</item>
/// </list>
/// Creates are measured at a fixed rate with the alerts drained, the store vacuumed and the service's JIT settled, so
/// that the CPU each costs compares across cells on a machine shared with other work.
/// </summary>
internal static class DeadlinesAndAlerts
{
    public const double ClusterTargetSeconds = 60;
    public const double RestP99TargetSeconds = 5;
    public const double CreateCpuChangeTarget = 0.05;

    private const int Clients = 8;
    private const int CellRepeats = 3;
    private const double CellRate = 40;
    private const int WarmUpReports = 2_000;
    private const string NewConcern = "uk.casework.alert.new-concern";
    private const string Reminder = "uk.casework.alert.deadline-reminder";
    private static readonly string[] Missed = ["uk.casework.alert.deadline-missed", "uk.casework.alert.deadline-escalated"];
    private static readonly TimeSpan TrickleLead = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ClusterLimit = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<string>> RunAsync(Build build, Database database, Machine machine, Options options, DeadlineScale scale, CancellationToken ct)
    {
        var loadAtStart = Machine.LoadAverage();
        // A working day at least two days ahead: its concerns are due at the end of the next working day, the instant.
        var told = WorkingDayCalendar.LocalDate(DateTimeOffset.UtcNow).AddDays(2);
        while (!WorkingDayCalendar.EnglandAndWales.IsWorkingDay(told))
        {
            told = told.AddDays(1);
        }
        var clusterToldAt = WorkingDayCalendar.StartOf(told).AddHours(12);
        var due = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(clusterToldAt, 1);

        await using var receiver = await AlertReceiver.StartAsync();
        using var key = DevelopmentTokens.LoadOrCreateKey(DevelopmentTokens.ResolveKeyPath(null));
        var schema = Database.NewSchema("bench_deadlines");
        var bench = new Bench(database, schema, receiver, options, await CpuMeter.PostmasterPidAsync(database, ct));
        ServiceProcess? service = null;
        try
        {
            // Part 1: the clock 12 hours before the instant, on the day the deadlines end.
            var startA = due.AddHours(-12);
            service = await ServiceProcess.StartAsync(build, database, schema, ct, receiver.Settings(startA));
            Progress.Say($"deadlines: the instant is {WorkingDayCalendar.InLondon(due):yyyy-MM-dd HH:mm} London; service on a clock from {startA:O} (schema {schema}, log {service.LogPath})");
            using var reporter = new Reporter(service.Address, key, scale.Schools, startA);
            var seeding = Stopwatch.StartNew();
            var directory = new School(SchoolSize.Small);
            await Parallel.ForEachAsync(reporter.Schools, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                async (school, token) => await directory.SeedDirectoryAsync(service.Address, school.Admin, token));
            var seeded = seeding.Elapsed;
            Progress.Say($"{scale.Schools} schools' directories imported in {seeded.TotalSeconds:0.0} s");

            var raw = (await Baseline.MeasureAsync(database, options, new CpuMeter(null, bench.Postmaster), ct))[Clients];
            var occurredA = startA.AddHours(-1);
            var offsetA = await ClockOffsetAsync(reporter, occurredA, ct);
            // Warmed up, then the warm-up's deadlines forgotten (they fall after the run): the run's first cells have none pending.
            await ReportManyAsync(reporter, WarmUpReports, occurredA, null, null, "concerns to warm the service up", ct);
            await bench.DrainAsync(reporter, TimeSpan.FromMinutes(5), ct);
            await database.ScalarAsync($"delete from \"{schema}\".wolverine_incoming_envelopes where status = 'Scheduled'", ct);
            var settling = Stopwatch.StartNew();
            var empty = await bench.CreateCellsAsync(reporter, service, occurredA, "none pending, at the start", ct);
            var envelopeEmpty = await bench.EnvelopeInsertsAsync(ct);
            var cellsTook = settling.Elapsed;

            var bulkStart = DateTimeOffset.UtcNow;
            var alertsBefore = receiver.Count(NewConcern);
            var bulk = await ReportManyAsync(reporter, scale.Deadlines - scale.DueTogether, occurredA, null, null, "concerns due later", ct);
            var drainBulk = await bench.DrainAsync(reporter, TimeSpan.FromMinutes(30), ct);
            var alertRate = (receiver.Count(NewConcern) - alertsBefore) / (DateTimeOffset.UtcNow - bulkStart).TotalSeconds;
            var bulkAlerts = receiver.LatenciesOf(a => a.Type == NewConcern && a.RaisedAt - offsetA.Offset >= bulkStart, offsetA.Offset);
            await service.DisposeAsync();
            service = null;

            // Part 2: a clock that brings the instant once the concerns due at it are reported, their alerts drained and
            // the two sets of cells measured, sized from part 1's rates with room to spare.
            var createRate = bulk.Created / bulk.Elapsed.TotalSeconds;
            var lead = TimeSpan.FromSeconds(1.5 * (scale.DueTogether / createRate + 2.0 * scale.DueTogether / alertRate + 5 * cellsTook.TotalSeconds) + 120) + TrickleLead;
            var startB = due - lead;
            service = await ServiceProcess.StartAsync(build, database, schema, ct, receiver.Settings(startB));
            Progress.Say($"service started again on a clock from {startB:O}: the instant in {lead.TotalSeconds:0} s");
            using var reporterB = new Reporter(service.Address, key, scale.Schools, startB, reporter);
            var occurredB = startB.AddHours(-1);
            var offsetB = await ClockOffsetAsync(reporterB, occurredB, ct);
            var dueReal = due - offsetB.Offset;
            // A second process as warm as the first by its cells: the concerns due at the instant, and more due later if they are few.
            await ReportManyAsync(reporterB, Math.Max(0, WarmUpReports - scale.DueTogether), occurredB, null, null, "concerns to warm the service up", ct);
            var clusterCases = new ConcurrentBag<Guid>();
            var cluster = await ReportManyAsync(reporterB, scale.DueTogether, clusterToldAt.AddHours(-1), clusterToldAt, clusterCases.Add, "concerns due at the instant", ct);
            if (DateTimeOffset.UtcNow >= dueReal)
            {
                throw new InvalidOperationException("The concerns due at the instant were still being reported when it came: the lead was too short.");
            }
            await CheckDueAsync(reporterB, clusterCases.First(), due, ct);
            var drainCluster = await bench.DrainAsync(reporterB, TimeSpan.FromMinutes(30), ct);
            // A create with every deadline pending and with the same store and process but an empty scheduled-envelope table,
            // in turn: pending, empty, pending, empty. The first set after the restart runs higher in every run (the process
            // still settling), so it is shown but not compared; the second pending set, between the two empty ones, is.
            IReadOnlyList<CreateCell> first = [], pending = [], aside = [];
            var envelopes = new List<(string Label, Measurement Result)>();
            if (dueReal - DateTimeOffset.UtcNow > 4.5 * cellsTook + TrickleLead + TimeSpan.FromSeconds(20))
            {
                first = await bench.CreateCellsAsync(reporterB, service, occurredB, "all pending, first after the restart", ct);
                envelopes.Add(("all pending", await bench.EnvelopeInsertsAsync(ct)));
                for (var round = 1; round <= 2; round++)
                {
                    var (cells, envelope) = await bench.WithoutPendingAsync(async () =>
                        (await bench.CreateCellsAsync(reporterB, service, occurredB, $"none pending, same store and process, round {round}", ct), await bench.EnvelopeInsertsAsync(ct)), ct);
                    aside = [.. aside, .. cells];
                    envelopes.Add(($"none pending, same store, round {round}", envelope));
                    if (round == 1)
                    {
                        pending = await bench.CreateCellsAsync(reporterB, service, occurredB, "all pending, between the rounds", ct);
                        envelopes.Add(("all pending, between the rounds", await bench.EnvelopeInsertsAsync(ct)));
                    }
                }
                await bench.DrainAsync(reporterB, Max(dueReal - TrickleLead - DateTimeOffset.UtcNow, TimeSpan.Zero), ct);
            }
            else
            {
                Progress.Say("no time left before the instant for the cells with every deadline pending: not measured");
            }

            // The burst: new concerns at a steady rate from shortly before the instant until every missed-deadline alert has come.
            await Task.Delay(Max(dueReal - TrickleLead - DateTimeOffset.UtcNow, TimeSpan.Zero), ct);
            var trickleStart = DateTimeOffset.UtcNow;
            Progress.Say($"trickle of {scale.TricklePerSecond:0.#} new concerns a second started, {(dueReal - trickleStart).TotalSeconds:0.0} s before the instant");
            var expectedMissed = 2 * cluster.Created;
            bool ClusterDone() => receiver.CountDue(Missed, due) >= expectedMissed || DateTimeOffset.UtcNow > dueReal + ClusterLimit;
            var meter = new CpuMeter(service.Pid, bench.Postmaster);
            var cpuAtInstant = Task.Delay(Max(dueReal - DateTimeOffset.UtcNow, TimeSpan.Zero), ct).ContinueWith(_ => meter.Sample(), ct);
            var samples = new List<string>();
            var sampling = bench.SampleAsync(due, dueReal, ClusterDone, samples, ct);
            var trickle = await Load.AtRateAsync(scale.TricklePerSecond, TrickleLead + ClusterLimit, async () => await reporterB.ReportAsync(occurredB, null, ct) is not null, ClusterDone, ct);
            var burstCpu = meter.Sample() - await cpuAtInstant;
            var clusterEnd = DateTimeOffset.UtcNow;
            await sampling;
            await bench.DrainAsync(reporterB, TimeSpan.FromMinutes(1), ct);

            var clusterLatency = receiver.LatenciesOf(a => Missed.Contains(a.Type) && a.Due == due, dueReal);
            var seen = receiver.First.Where(a => Missed.Contains(a.Type) && a.Due == due).Select(a => (a.CaseId, a.Type)).ToHashSet();
            var lost = clusterCases.SelectMany(c => Missed.Select(t => ((Guid?)c, t))).Count(e => !seen.Contains(e));
            var rest = receiver.LatenciesOf(a => !(Missed.Contains(a.Type) && a.Due == due) && a.RaisedAt - offsetB.Offset >= trickleStart, offsetB.Offset);
            var restArrived = receiver.First.Count(a => a.Type == NewConcern && a.RaisedAt - offsetB.Offset >= trickleStart);
            var reminders = receiver.LatenciesOf(a => a.Type == Reminder, offsetB.Offset);
            var (retried, failed, deadLetters) = await bench.RetriesAsync(ct);

            var rawMs = (raw.CpuMsPerOperation.Database ?? double.NaN) + (raw.CpuMsPerOperation.Service ?? 0);
            var emptyCpu = empty.Average(c => c.CpuMs);
            var pendingCpu = pending.Count > 0 ? pending.Average(c => c.CpuMs) : double.NaN;
            var asideCpu = aside.Count > 0 ? aside.Average(c => c.CpuMs) : double.NaN;
            var clusterMax = clusterLatency.Percentile(1) / 1000;
            string Cells(IReadOnlyList<CreateCell> cells) => cells.Count == 0 ? "none" : string.Join(", ", cells.Select(c => c.CpuMs.ToString("0.00", CultureInfo.InvariantCulture)));
            string Row(string label, string scheduled, Measurement m) =>
                $"| {label} | {scheduled} | {m.Completed:#,0} at {m.PerSecond:0}/s | {m.Percentile(0.5):0.0} / {m.Percentile(0.99):0.0} | {Report.Cpu(m)} | " +
                $"{((m.CpuMsPerOperation.Service ?? 0) + (m.CpuMsPerOperation.Database ?? double.NaN)) / rawMs:0.0} | {m.ErrorCount} |";

            return
            [
                $"- Date: {machine.Date:yyyy-MM-dd HH:mm} UTC, commit {machine.Commit}; {machine.Cpu}, {machine.Cores} cores, {machine.PostgreSql.Split(" on ")[0]}",
                $"- Load average (1 / 5 / 15 min): {loadAtStart} at the start, {Machine.LoadAverage()} at the end",
                $"- Scale: {scale.Deadlines:#,0} deadlines over {scale.Schools} schools, {scale.DueTogether:#,0} of them due at {due:yyyy-MM-dd HH:mm}Z " +
                    $"({WorkingDayCalendar.InLondon(due):ddd HH:mm} London); {reporterB.Reported:#,0} concerns reported in all; trickle {scale.TricklePerSecond:0.#}/s",
                $"- Directories imported in {seeded.TotalSeconds:0} s; {WarmUpReports:#,0} concerns reported to warm the service up (their deadlines then deleted); " +
                    $"{bulk.Created:#,0} concerns due later reported in {bulk.Elapsed.TotalSeconds:0} s ({createRate:0}/s at {Clients} clients), their alerts drained {drainBulk.TotalSeconds:0} s after; " +
                    $"{cluster.Created:#,0} due at the instant reported in {cluster.Elapsed.TotalSeconds:0} s, drained {drainCluster.TotalSeconds:0} s after",
                $"- Reports that failed: {reporter.Failures} (first service), {reporterB.Failures} (second)",
                $"- The service's clock against the real one measured to ±{offsetB.Uncertainty.TotalMilliseconds:0} ms; the instant came {lead.TotalSeconds:0} s after the second start",
                "",
                "| Target | Measured | Result |",
                "|---|---|---|",
                $"| every alert of the {cluster.Created:#,0} deadlines missed at one instant arrives ≤ {ClusterTargetSeconds} s after it | " +
                    $"{clusterLatency.LatenciesMs.Length:#,0} of {expectedMissed:#,0} arrived ({lost} missing at the end, {receiver.RepeatsOf(Missed):#,0} repeats); " +
                    $"after the instant: p50 {clusterLatency.Percentile(0.5) / 1000:0.0} s, p95 {clusterLatency.Percentile(0.95) / 1000:0.0} s, " +
                    $"p99 {clusterLatency.Percentile(0.99) / 1000:0.0} s, max {clusterMax:0.0} s | {Verdict(lost == 0 && clusterMax <= ClusterTargetSeconds)} |",
                $"| p99 of the other alerts during the burst ≤ {RestP99TargetSeconds} s | {restArrived:#,0} of {trickle.Completed:#,0} new-concern alerts " +
                    $"({trickle.ErrorCount} reports failed): p50 {rest.Percentile(0.5) / 1000:0.00} s, p99 {rest.Percentile(0.99) / 1000:0.00} s, max {rest.Percentile(1) / 1000:0.00} s | " +
                    $"{Verdict(restArrived == trickle.Completed && rest.Percentile(0.99) / 1000 <= RestP99TargetSeconds)} |",
                $"| create CPU with every deadline pending within {CreateCpuChangeTarget:P0} of an empty scheduled-envelope table (same store and process, the pending set aside) | " +
                    $"{asideCpu:0.00} → {pendingCpu:0.00} ms/create ({pendingCpu / asideCpu - 1:+0.0%;-0.0%}; cells {Cells(aside)} → {Cells(pending)}; the first set after the restart {Cells(first)}), " +
                    $"{asideCpu / rawMs:0.0} → {pendingCpu / rawMs:0.0} × raw INSERT's CPU; at the run's start (empty table, a store of {WarmUpReports:#,0} concerns, the first process) " +
                    $"{emptyCpu:0.00} ({Cells(empty)}) | {(pending.Count == 0 ? "not measured" : Verdict(Math.Abs(pendingCpu / asideCpu - 1) < CreateCpuChangeTarget))} |",
                "",
                $"| Cell (creates at {CellRate:0} a second, open loop) | Scheduled envelopes at its start | Done | p50 / p99 ms | CPU ms each, service + PostgreSQL | CPU ÷ raw INSERT's | Errors |",
                "|---|---:|---:|---:|---:|---:|---:|",
                .. empty.Concat(first).Concat(aside.Take(CellRepeats)).Concat(pending).Concat(aside.Skip(CellRepeats)).Select(c => Row($"create a concern, {c.Label}", $"{c.Scheduled:#,0}", c.Result)),
                Row($"the outbox's envelope INSERT alone, none pending, at the start ({Clients} clients, closed loop)", "", envelopeEmpty),
                .. envelopes.Select(e => Row($"the outbox's envelope INSERT alone, {e.Label} ({Clients} clients, closed loop)", "", e.Result)),
                $"| raw single-row INSERT, {Clients} clients closed loop (the baseline) | | {raw.Completed:#,0} at {raw.PerSecond:0}/s | {raw.Percentile(0.5):0.0} / {raw.Percentile(0.99):0.0} | {Report.Cpu(raw)} | 1.0 | {raw.ErrorCount} |",
                "",
                $"- Burst: from the instant to the last missed-deadline alert ({(clusterEnd - dueReal).TotalSeconds:0} s) the service used " +
                    $"{burstCpu.Service?.TotalSeconds:0.0} s of CPU and PostgreSQL {burstCpu.Database?.TotalSeconds:0.0} s; alerts retried {retried:#,0}, failed {failed:#,0}, dead letters {deadLetters:#,0}",
                $"- Alerts during the bulk reports, {Clients} clients (not the target's window): {bulkAlerts.LatenciesMs.Length:#,0} new-concern alerts, p50 {bulkAlerts.Percentile(0.5) / 1000:0.0} s, " +
                    $"p99 {bulkAlerts.Percentile(0.99) / 1000:0.0} s; {reminders.LatenciesMs.Length:#,0} reminders of the concerns due at the instant (sent at once, the deadline's morning having passed), " +
                    $"p50 {reminders.Percentile(0.5) / 1000:0.0} s, p99 {reminders.Percentile(0.99) / 1000:0.0} s",
                "",
                "Every 5 s from the instant (s after it: scheduled envelopes due and not yet claimed; deadline checks claimed and not handled; the clock's alert deliveries and the others waiting (ADR 44); missed-deadline alerts arrived):",
                "",
                .. samples.Select(s => "    " + s),
            ];
        }
        finally
        {
            await ServiceProcess.StopAndDropAsync(service, database, schema);
        }
    }

    private static string Verdict(bool met) => met ? "PASS" : "**MISS**";

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>One create cell: its measurement, with CPU per create (service and PostgreSQL) and the scheduled envelopes at its start.</summary>
    private sealed record CreateCell(string Label, long Scheduled, Measurement Result)
    {
        public double CpuMs => (Result.CpuMsPerOperation.Service ?? double.NaN) + (Result.CpuMsPerOperation.Database ?? double.NaN);
    }

    /// <summary>The service's clock minus the real one: from the tightest of twenty reports, whose <c>reportedAt</c> the service stamps.</summary>
    private static async Task<(TimeSpan Offset, TimeSpan Uncertainty)> ClockOffsetAsync(Reporter reporter, DateTimeOffset occurredAt, CancellationToken ct)
    {
        var best = (Width: TimeSpan.MaxValue, Offset: TimeSpan.Zero);
        for (var i = 0; i < 20; i++)
        {
            var before = DateTimeOffset.UtcNow;
            var reported = await reporter.ReportAsync(occurredAt, null, ct) ?? throw new InvalidOperationException("A report to read the service's clock failed.");
            var width = DateTimeOffset.UtcNow - before;
            if (width < best.Width)
            {
                best = (width, reported.ReportedAt - (before + width / 2));
            }
        }
        return (best.Offset, best.Width / 2);
    }

    private sealed record Bulk(int Created, TimeSpan Elapsed);

    /// <summary>Reports <paramref name="count"/> concerns over the schools in turn, <see cref="Clients"/> at a time (closed loop).</summary>
    private static async Task<Bulk> ReportManyAsync(Reporter reporter, int count, DateTimeOffset occurredAt, DateTimeOffset? receivedAt, Action<Guid>? created,
        string what, CancellationToken ct)
    {
        int next = -1, done = 0, failed = 0;
        var step = Math.Max(count / 10, 1);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count)
            {
                if (await reporter.ReportAsync(occurredAt, receivedAt, ct) is { } report)
                {
                    created?.Invoke(report.Id);
                    if (Interlocked.Increment(ref done) % step == 0)
                    {
                        Progress.Say($"{done:#,0} {what} reported ({done / clock.Elapsed.TotalSeconds:0}/s)");
                    }
                }
                else if (Interlocked.Increment(ref failed) is var n && n == (int)Math.Pow(10, (int)Math.Log10(n)))
                {
                    Progress.Say($"{n:#,0} of the {what} failed so far: {reporter.Failures}");
                }
            }
        }, ct)));
        return new Bulk(done, clock.Elapsed);
    }

    /// <summary>That a concern's triage is due at <paramref name="due"/>, as the DSL reads the case.</summary>
    private static async Task CheckDueAsync(Reporter reporter, Guid caseId, DateTimeOffset due, CancellationToken ct)
    {
        using var view = JsonDocument.Parse(await reporter.ReadCaseAsync(caseId, ct));
        var dues = view.RootElement.GetProperty("deadlines").EnumerateArray().Select(d => d.GetProperty("due").GetDateTimeOffset()).ToList();
        if (!dues.Contains(due))
        {
            throw new InvalidOperationException($"A concern reported to be due at {due:O} is due at {string.Join(", ", dues.Select(d => d.ToString("O")))}.");
        }
    }

    /// <summary>The run's store, receiver and settings, and what it measures on the store.</summary>
    private sealed record Bench(Database Database, string Schema, AlertReceiver Receiver, Options Options, int? Postmaster)
    {
        private string Envelopes => $"\"{Schema}\".wolverine_incoming_envelopes";

        /// <summary>Until every new-concern alert and reminder the reports raised has arrived, or the limit.</summary>
        public async Task<TimeSpan> DrainAsync(Reporter reporter, TimeSpan limit, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while ((Receiver.Count(NewConcern) < reporter.Reported || Receiver.Count(Reminder) < reporter.ToldEarlier) && clock.Elapsed < limit)
            {
                await Task.Delay(200, ct);
            }
            Progress.Say($"alerts drained in {clock.Elapsed.TotalSeconds:0.0} s: {Receiver.Count(NewConcern):#,0} of {reporter.Reported:#,0} new-concern alerts, " +
                $"{Receiver.Count(Reminder):#,0} of {reporter.ToldEarlier:#,0} reminders");
            return clock.Elapsed;
        }

        /// <summary>
        /// With the alerts drained, the store vacuumed and the service idle: <see cref="CellRepeats"/> cells of reports at
        /// <see cref="CellRate"/> a second (concerns due later), each after a checkpoint, with the CPU of the service and
        /// PostgreSQL per create.
        /// </summary>
        public async Task<IReadOnlyList<CreateCell>> CreateCellsAsync(Reporter reporter, ServiceProcess service, DateTimeOffset occurredAt, string label, CancellationToken ct)
        {
            await DrainAsync(reporter, TimeSpan.FromMinutes(10), ct);
            await Database.SettleAsync(Schema, ct);
            var cpu = new CpuMeter(service.Pid, Postmaster);
            Task<bool> Create() => reporter.ReportAsync(occurredAt, null, ct).ContinueWith(t => t.Result is not null, ct);
            await Load.UntilJitSettlesAsync(service, CellRate, Create, ct);
            var cells = new List<CreateCell>();
            for (var i = 1; i <= CellRepeats; i++)
            {
                var scheduled = long.Parse(await Database.ScalarAsync($"select count(*) from {Envelopes} where status = 'Scheduled'", ct), CultureInfo.InvariantCulture);
                await Database.CheckpointAsync(ct);
                await Load.AtRateAsync(CellRate, Options.WarmUp, Create, null, ct);
                var before = cpu.Sample();
                var result = await Load.AtRateAsync(CellRate, Options.Duration, Create, null, ct);
                cells.Add(new CreateCell($"{label} ({i})", scheduled, result with { Cpu = cpu.Sample() - before }));
                Progress.Say($"create, {label} ({scheduled:#,0} scheduled envelopes): p50 {result.Percentile(0.5):0} ms, CPU ms/create {Report.Cpu(cells[^1].Result)}, {result.ErrorCount} errors");
            }
            return cells;
        }

        /// <summary>
        /// Runs <paramref name="measure"/> with the scheduled envelopes set aside: moved in one statement to a table of the
        /// run's own, the envelope table rewritten empty (VACUUM FULL), then moved back and analysed. Nothing is due while
        /// they are aside: the instant is minutes later, and Wolverine reads them only when its poll finds them due.
        /// </summary>
        public async Task<T> WithoutPendingAsync<T>(Func<Task<T>> measure, CancellationToken ct)
        {
            var aside = $"\"{Schema}\".bench_scheduled_aside";
            await Database.ScalarAsync($"create table {aside} (like {Envelopes}); " +
                $"with moved as (delete from {Envelopes} where status = 'Scheduled' returning *) insert into {aside} select * from moved", ct);
            await Database.ScalarAsync($"vacuum full {Envelopes}", ct);
            Progress.Say($"scheduled envelopes set aside: {await Database.ScalarAsync($"select count(*) from {aside}", ct)}");
            try
            {
                return await measure();
            }
            finally
            {
                await Database.ScalarAsync($"insert into {Envelopes} select * from {aside}; drop table {aside}", CancellationToken.None);
                await Database.ScalarAsync($"analyze {Envelopes}", CancellationToken.None);
                Progress.Say("scheduled envelopes put back");
            }
        }

        /// <summary>
        /// The outbox's own insert, apart from the create: single-row autocommit INSERTs of a copy of one of the service's
        /// scheduled envelopes (a new id, due in ten years so that no poll claims it), sent as the raw baseline sends its
        /// rows (<see cref="Clients"/> clients, each on its connection, closed loop); the copies are deleted afterwards.
        /// </summary>
        public async Task<Measurement> EnvelopeInsertsAsync(CancellationToken ct)
        {
            var builder = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { MaxAutoPrepare = 0 };
            await using var dataSource = NpgsqlDataSource.Create(builder);
            var columns = new List<string>();
            var values = new List<object>();
            await using (var read = dataSource.CreateCommand($"select * from {Envelopes} where status = 'Scheduled' limit 1"))
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    throw new InvalidOperationException("No scheduled envelope to copy.");
                }
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    columns.Add(reader.GetName(i));
                    values.Add(reader.IsDBNull(i) ? DBNull.Value : reader.GetValue(i));
                }
            }
            values[columns.IndexOf("execution_time")] = DateTime.UtcNow.AddYears(10);
            var id = columns.IndexOf("id");
            var sql = $"insert into {Envelopes} ({string.Join(", ", columns)}) values ({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})";
            var writers = new List<NpgsqlCommand>();
            try
            {
                for (var c = 0; c < Clients; c++)
                {
                    var command = new NpgsqlCommand(sql, await dataSource.OpenConnectionAsync(ct));
                    values.ForEach(v => command.Parameters.Add(new NpgsqlParameter { Value = v }));
                    writers.Add(command);
                }
                await Database.CheckpointAsync(ct);
                var result = await Load.MeasureAsync(Clients, Options.WarmUp, Options.Duration, async (client, token) =>
                {
                    writers[client].Parameters[id].Value = Guid.CreateVersion7();
                    await writers[client].ExecuteNonQueryAsync(token);
                    return Outcome.Done;
                }, new CpuMeter(null, Postmaster), ct);
                Progress.Say($"envelope INSERT alone: {result.PerSecond:0}/s, CPU ms/insert {Report.Cpu(result)}, {result.ErrorCount} errors");
                return result;
            }
            finally
            {
                foreach (var command in writers)
                {
                    await command.Connection!.DisposeAsync();
                    await command.DisposeAsync();
                }
                await Database.ScalarAsync($"delete from {Envelopes} where execution_time > now() + interval '5 years'", CancellationToken.None);
            }
        }

        /// <summary>Every 5 s from the instant until <paramref name="done"/>: where the deadline checks and their alerts are.</summary>
        public async Task SampleAsync(DateTimeOffset due, DateTimeOffset dueReal, Func<bool> done, List<string> samples, CancellationToken ct)
        {
            await Task.Delay(Max(dueReal - DateTimeOffset.UtcNow, TimeSpan.Zero), ct);
            var sql = $"""
                select count(*) filter (where status = 'Scheduled' and execution_time <= now()) || ' due, '
                    || count(*) filter (where status = 'Incoming' and received_at like 'local://deadlines%') || ' checks, '
                    || count(*) filter (where status = 'Incoming' and received_at like 'local://deadline-alert-deliveries%') || ' deadline alerts, '
                    || count(*) filter (where status = 'Incoming' and received_at like 'local://alert-deliveries%') || ' other alerts'
                from {Envelopes}
                """;
            while (true)
            {
                var line = $"{(DateTimeOffset.UtcNow - dueReal).TotalSeconds,5:0} s: {await Database.ScalarAsync(sql, ct)}, {Receiver.CountDue(Missed, due):#,0} missed-deadline alerts arrived";
                samples.Add(line);
                Progress.Say(line);
                if (done())
                {
                    return;
                }
                await Task.Delay(5_000, ct);
            }
        }

        /// <summary>Deliveries retried and failed (the service's records, ADR 37), and Wolverine's dead letters.</summary>
        public async Task<(long Retried, long Failed, long DeadLetters)> RetriesAsync(CancellationToken ct)
        {
            var deliveries = (await Database.ScalarAsync(
                $"select count(*) filter (where (data ->> 'attempts')::int > 1) || ' ' || count(*) filter (where (data ->> 'failed')::boolean) from \"{Schema}\".mt_doc_alert_delivery", ct)).Split(' ');
            return (long.Parse(deliveries[0], CultureInfo.InvariantCulture), long.Parse(deliveries[1], CultureInfo.InvariantCulture),
                long.Parse(await Database.ScalarAsync($"select count(*) from \"{Schema}\".wolverine_dead_letters", ct), CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// Reports concerns as each school's teacher and reads them as its DSL, the schools in turn, with development tokens
    /// minted here by the service's clock (its reading at its start, so never in its future). Counts what it reported.
    /// </summary>
    private sealed class Reporter : IDisposable
    {
        private static readonly Guid Pupil = new School(SchoolSize.Small).Pupils[0];
        private readonly HttpClient _http;
        private readonly ConcurrentDictionary<string, int> _failures = new();
        private int _next = -1;
        private int _reported;
        private int _toldEarlier;

        public Reporter(Uri service, ECDsa key, int schools, DateTimeOffset clockStart, Reporter? before = null)
        {
            _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 * Clients, UseProxy = false, UseCookies = false })
            {
                BaseAddress = service,
                Timeout = TimeSpan.FromSeconds(60),
            };
            _reported = before?.Reported ?? 0;
            _toldEarlier = before?.ToldEarlier ?? 0;
            string Mint(string tenant, Guid user, string name, string role) =>
                DevelopmentTokens.Mint(key, new DevelopmentTokenRequest(user, name, [tenant], [role], TimeSpan.FromHours(12)), clockStart);
            Schools = [.. Enumerable.Range(1, schools).Select(i => $"bench-school-{i:000}").Select(t =>
                new SchoolTokens(t, Mint(t, School.AdminId, "Ada Admin", "admin"), Mint(t, School.DslId, "Dana Lead", "dsl"), Mint(t, School.TeacherId, "Tom Teacher", "staff")))];
        }

        public sealed record SchoolTokens(string Tenant, string Admin, string Dsl, string Teacher);

        public sealed record Report(Guid Id, DateTimeOffset ReportedAt);

        public IReadOnlyList<SchoolTokens> Schools { get; }

        /// <summary>Reports that failed, by status code or exception.</summary>
        public string Failures => _failures.IsEmpty ? "none" : string.Join(", ", _failures.Select(f => $"{f.Key}: {f.Value}"));

        /// <summary>Concerns reported by this reporter and any before it on the same store: each raises one new-concern alert.</summary>
        public int Reported => Volatile.Read(ref _reported);

        /// <summary>Of those, the ones told on an earlier day (<c>receivedAt</c>): due at the instant, each raises a reminder at once.</summary>
        public int ToldEarlier => Volatile.Read(ref _toldEarlier);

        /// <summary>A concern about the school's pupil, told at <paramref name="receivedAt"/> (null: now); null if it was not created.</summary>
        public async Task<Report?> ReportAsync(DateTimeOffset occurredAt, DateTimeOffset? receivedAt, CancellationToken ct)
        {
            var school = Schools[(int)((uint)Interlocked.Increment(ref _next) % Schools.Count)];
            var told = receivedAt is { } at ? $",\"receivedAt\":\"{at:O}\"" : "";
            var body = $$"""
                {"pupils":[{"pupilId":"{{Pupil}}","role":"victim"}],"category":"cyberbullying",
                 "account":"Messages in a class group chat telling her to leave the school.","occurredAt":"{{occurredAt:O}}"{{told}}}
                """;
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/concerns") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Bearer", school.Teacher);
            try
            {
                using var response = await _http.SendAsync(request, ct);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    _failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    return null;
                }
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                Interlocked.Increment(ref _reported);
                if (receivedAt is not null)
                {
                    Interlocked.Increment(ref _toldEarlier);
                }
                return new Report(json.RootElement.GetProperty("id").GetGuid(), json.RootElement.GetProperty("reportedAt").GetDateTimeOffset());
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                _failures.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                return null;
            }
        }

        /// <summary>The case view, as the DSL of the school that reported it (the schools taken in turn, so any of them may have).</summary>
        public async Task<string> ReadCaseAsync(Guid caseId, CancellationToken ct)
        {
            foreach (var school in Schools)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{caseId}");
                request.Headers.Authorization = new("Bearer", school.Dsl);
                using var response = await _http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadAsStringAsync(ct);
                }
            }
            throw new InvalidOperationException($"No school's DSL could read case {caseId}.");
        }

        public void Dispose() => _http.Dispose();
    }

    /// <summary>One alert as it arrived: its CloudEvent id, type, school, when it was raised (the service's clock) and when it arrived (the real one).</summary>
    private sealed record Arrival(Guid Id, string Type, string Tenant, DateTimeOffset RaisedAt, DateTimeOffset? Due, Guid? CaseId, DateTimeOffset At);

    /// <summary>
    /// Every school's webhook (<c>Casework:Alerts:Default:Webhook</c>): Kestrel on loopback, answering 200 to each POST
    /// and recording when it arrived. It verifies nothing; the tests check signatures (ADR 37). An id seen again is a
    /// repeat, counted apart (delivery is at least once).
    /// </summary>
    private sealed class AlertReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<Guid, Arrival> _first = new();
        private readonly ConcurrentDictionary<string, int> _count = new();
        private readonly ConcurrentDictionary<string, int> _repeats = new();

        private AlertReceiver(WebApplication app) => _app = app;

        public Uri Url => new(new Uri(_app.Urls.Single()), "/alerts");

        public static async Task<AlertReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new AlertReceiver(app);
            app.MapPost("/alerts", async (HttpRequest request) =>
            {
                var at = DateTimeOffset.UtcNow;
                using var json = await JsonDocument.ParseAsync(request.Body);
                receiver.Record(json.RootElement, at);
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        /// <summary>The service's settings that send every school's alerts here, and start its clock at <paramref name="clockStartsAt"/>.</summary>
        public IReadOnlyDictionary<string, string> Settings(DateTimeOffset clockStartsAt) => new Dictionary<string, string>
        {
            ["Casework__Development__ClockStartsAt"] = clockStartsAt.ToString("O", CultureInfo.InvariantCulture),
            ["Casework__Alerts__Default__Webhook__Url"] = Url.ToString(),
            ["Casework__Alerts__Default__Webhook__Secret"] = "benchmark-webhook-secret",
        };

        public IEnumerable<Arrival> First => _first.Values;

        public int Count(string type) => _count.GetValueOrDefault(type);

        public int CountDue(IEnumerable<string> types, DateTimeOffset due) => _first.Values.Count(a => a.Due == due && types.Contains(a.Type));

        public int RepeatsOf(IEnumerable<string> types) => types.Sum(t => _repeats.GetValueOrDefault(t));

        /// <summary>The first arrival of each alert chosen, in ms after <paramref name="from"/> (an instant), or after it was raised less <paramref name="offset"/> (the service's clock ahead of the real one).</summary>
        public Measurement LatenciesOf(Func<Arrival, bool> which, DateTimeOffset from) =>
            Latencies(_first.Values.Where(which).Select(a => (a.At - from).TotalMilliseconds));

        public Measurement LatenciesOf(Func<Arrival, bool> which, TimeSpan offset) =>
            Latencies(_first.Values.Where(which).Select(a => (a.At - (a.RaisedAt - offset)).TotalMilliseconds));

        private static Measurement Latencies(IEnumerable<double> ms)
        {
            var sorted = ms.Order().ToArray();
            return new Measurement(sorted.Length, TimeSpan.Zero, sorted, new Dictionary<string, long>(), false);
        }

        private void Record(JsonElement cloudEvent, DateTimeOffset at)
        {
            var data = cloudEvent.GetProperty("data");
            var arrival = new Arrival(
                cloudEvent.GetProperty("id").GetGuid(),
                cloudEvent.GetProperty("type").GetString()!,
                cloudEvent.GetProperty("source").GetString()!.Split('/')[^1],
                cloudEvent.GetProperty("time").GetDateTimeOffset(),
                data.TryGetProperty("due", out var due) ? due.GetDateTimeOffset() : null,
                Guid.TryParse(data.GetProperty("link").GetString()!.Split('/')[^1], out var caseId) ? caseId : null,
                at);
            if (_first.TryAdd(arrival.Id, arrival))
            {
                _count.AddOrUpdate(arrival.Type, 1, (_, n) => n + 1);
            }
            else
            {
                _repeats.AddOrUpdate(arrival.Type, 1, (_, n) => n + 1);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
