using System.Globalization;

namespace Casework.Http.Benchmarks;

/// <summary>
/// What sealing content costs a create (issue 18's target, ADR 47): the same build as two services on the same cluster,
/// each on a schema of its own with the same one-pupil school, one sealing content as it always does, the other started
/// with <c>Casework:Development:StoreContentPlain</c> (no data key, nothing sealed). Creates at a fixed rate (open loop),
/// one service at a time, in rounds that alternate which goes first (A B, B A, …) so that the machine's drift falls on
/// both alike; the CPU of the service and of PostgreSQL per create compared, with the raw single-row INSERT of the same
/// run as the baseline. Afterwards each schema is read to confirm what it stores: every report sealed, with a data key
/// per case, against none.
/// </summary>
internal static class SealingCost
{
    private const double Rate = 40;
    private const int Clients = 8;
    private const double TargetShare = 0.10;
    private const string StorePlainSetting = "Casework__Development__StoreContentPlain";

    private sealed record Variant(string Label, ServiceProcess Service, School School, string Schema, List<Measurement> Cells);

    public static async Task<IReadOnlyList<string>> RunAsync(Build build, Database database, Machine machine, Options options, CancellationToken ct)
    {
        var loadAtStart = Machine.LoadAverage();
        var rounds = options.Quick ? 3 : 6;
        var tokens = await Tokens.MintAsync(build, ct);
        var postmaster = await CpuMeter.PostmasterPidAsync(database, ct);
        var raw = (await Baseline.MeasureAsync(database, options, new CpuMeter(null, postmaster), ct))[Clients];
        var variants = new List<Variant>();
        try
        {
            foreach (var (label, settings) in new (string, Dictionary<string, string>)[] { ("sealed", []), ("plain", new() { [StorePlainSetting] = "true" }) })
            {
                var schema = Database.NewSchema("bench_sealing");
                var service = await ServiceProcess.StartAsync(build, database, schema, ct, settings);
                var school = new School(SchoolSize.Small);
                await school.SeedDirectoryAsync(service.Address, tokens.Admin, ct);
                variants.Add(new Variant(label, service, school, schema, []));
                Progress.Say($"{label}: service ready (schema {schema}, log {service.LogPath})");
            }
            foreach (var variant in variants)
            {
                using var workloads = new Workloads(variant.Service.Address, Clients, variant.School, tokens);
                await Load.UntilJitSettlesAsync(variant.Service, Rate, CreateOf(workloads, ct), ct);
            }
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var variant in round % 2 == 1 ? variants : Enumerable.Reverse(variants))
                {
                    using var workloads = new Workloads(variant.Service.Address, Clients, variant.School, tokens);
                    var create = CreateOf(workloads, ct);
                    await database.CheckpointAsync(ct);
                    await Load.AtRateAsync(Rate, options.WarmUp, create, null, ct);
                    var cpu = new CpuMeter(variant.Service.Pid, postmaster);
                    var before = cpu.Sample();
                    var result = await Load.AtRateAsync(Rate, options.Duration, create, null, ct);
                    variant.Cells.Add(result with { Cpu = cpu.Sample() - before });
                    Progress.Say($"round {round}, {variant.Label}: p50 {result.Percentile(0.5):0.0} ms, CPU ms/create {Report.Cpu(variant.Cells[^1])}, {result.ErrorCount} errors");
                }
            }

            var stored = new List<string>();
            foreach (var variant in variants)
            {
                stored.Add($"{variant.Label}: {await StoredAsync(database, variant.Schema, ct)}");
            }
            var (sealedCpu, plainCpu) = (Median(variants[0].Cells, CpuMs), Median(variants[1].Cells, CpuMs));
            var (sealedService, plainService) = (Median(variants[0].Cells, ServiceMs), Median(variants[1].Cells, ServiceMs));
            var share = sealedCpu / plainCpu - 1;
            var rawMs = CpuMs(raw);
            return
            [
                $"- Date: {machine.Date:yyyy-MM-dd HH:mm} UTC, commit {machine.Commit}; {machine.Cpu}, {machine.Cores} cores, {machine.PostgreSql.Split(" on ")[0]}",
                $"- Load average (1 / 5 / 15 min): {loadAtStart} at the start, {Machine.LoadAverage()} at the end",
                $"- {rounds} rounds; in each, {options.Duration.TotalSeconds:0} s of creates at {Rate:0} a second (open loop) on each service after {options.WarmUp.TotalSeconds:0} s unmeasured, " +
                    "the order alternating round by round; a checkpoint before each cell",
                $"- What each schema stores after the run: {string.Join("; ", stored)}",
                "",
                "| Target | Measured | Result |",
                "|---|---|---|",
                $"| sealing adds ≤ {TargetShare:P0} to the CPU of a create (service + PostgreSQL), beside the same build storing content plain | " +
                    $"medians {plainCpu:0.00} (plain) → {sealedCpu:0.00} ms/create (sealed): {share:+0.0%;-0.0%}; {plainCpu / rawMs:0.0} → {sealedCpu / rawMs:0.0} × raw INSERT's CPU; " +
                    $"the service's alone {plainService:0.00} → {sealedService:0.00} ({sealedService / plainService - 1:+0.0%;-0.0%}) | " +
                    $"{(share <= TargetShare ? "PASS" : "**MISS**")} |",
                "",
                $"| Cell (creates at {Rate:0} a second, open loop) | Done | p50 / p99 ms | CPU ms each, service + PostgreSQL | CPU ÷ raw INSERT's | Errors |",
                "|---|---:|---:|---:|---:|---:|",
                .. Enumerable.Range(0, rounds).SelectMany(i => variants.Select(v => Row($"round {i + 1}, {v.Label}", v.Cells[i], rawMs))),
                $"| raw single-row INSERT, {Clients} clients closed loop (the baseline) | {raw.Completed:#,0} at {raw.PerSecond:0}/s | {raw.Percentile(0.5):0.0} / {raw.Percentile(0.99):0.0} | {Report.Cpu(raw)} | 1.0 | {raw.ErrorCount} |",
            ];
        }
        finally
        {
            foreach (var variant in variants)
            {
                await ServiceProcess.StopAndDropAsync(variant.Service, database, variant.Schema);
            }
        }
    }

    private static Func<Task<bool>> CreateOf(Workloads workloads, CancellationToken ct)
    {
        var create = workloads.For(WorkloadKind.Create);
        return async () => (await create(0, ct)).Error is null;
    }

    /// <summary>How many reports the schema holds, how many of their accounts are sealed, and how many data keys it stores.</summary>
    private static async Task<string> StoredAsync(Database database, string schema, CancellationToken ct)
    {
        var reports = await database.ScalarAsync($"select count(*) from \"{schema}\".mt_events where data ? 'account'", ct);
        var sealedReports = await database.ScalarAsync($"select count(*) from \"{schema}\".mt_events where data ? 'account' and starts_with(data->>'account', chr(1) || 'cw1:')", ct);
        var keys = await database.ScalarAsync($"select count(*) from \"{schema}\".mt_doc_data_key", ct);
        return $"{long.Parse(sealedReports, CultureInfo.InvariantCulture):#,0} of {long.Parse(reports, CultureInfo.InvariantCulture):#,0} reports sealed, {long.Parse(keys, CultureInfo.InvariantCulture):#,0} data keys";
    }

    private static double CpuMs(Measurement m) => (m.CpuMsPerOperation.Service ?? 0) + (m.CpuMsPerOperation.Database ?? double.NaN);

    private static double ServiceMs(Measurement m) => m.CpuMsPerOperation.Service ?? double.NaN;

    private static double Median(List<Measurement> cells, Func<Measurement, double> of)
    {
        var sorted = cells.Select(of).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Row(string label, Measurement m, double rawMs) =>
        $"| {label} | {m.Completed:#,0} at {m.PerSecond:0}/s | {m.Percentile(0.5):0.0} / {m.Percentile(0.99):0.0} | {Report.Cpu(m)} | {CpuMs(m) / rawMs:0.0} | {m.ErrorCount} |";
}
