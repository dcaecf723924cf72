using Casework.Http.Benchmarks;

// The service end to end over HTTP, against raw INSERT on the same cluster, in one run
// (docs/benchmarks.md, "End to end over HTTP"). It publishes the service and the CLI, then for each scenario
// starts the service on a fresh schema, pre-fills the store with the SQL file, seeds the school's directory
// over HTTP, runs the cells, stops the service and drops the schema.
Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop the cells, then clean up: kill the service, drop the schemas
    stopping.Cancel();
};

try
{
    return await RunAsync(options, stopping.Token);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.Error.WriteLine("Stopped: the service was stopped and the scenario's schema dropped.");
    return 130;
}

static async Task<int> RunAsync(Options options, CancellationToken ct)
{
    var repository = Processes.RepositoryRoot();
    var prefillFile = options.PrefillSqlPath ?? Path.Combine(repository, "benchmarks", "Casework.Http.Benchmarks", "Prefill", "marten.sql");
    var prefillSql = await File.ReadAllTextAsync(prefillFile, ct);
    await using var database = await Database.LocateAsync(repository, ct);
    var machine = await Machine.DescribeAsync(database, repository, ct);
    var report = new Report(machine, options, prefillFile, Machine.LoadAverage());
    if (options.SealOnly is { } sealing)
    {
        SealChainRates.Lines(await SealChainRates.MeasureAsync(database, prefillSql, sealing, ct)).ToList().ForEach(Console.WriteLine);
        return 0;
    }
    if (options.RebuildOnly)
    {
        await MeasureRebuildsAsync(report, database, prefillSql, options, ct);
        RegisterRebuild.Lines(report.Rebuilds).ToList().ForEach(Console.WriteLine);
        return 0;
    }
    var build = await Build.PublishAsync(repository, ct);
    if (options.Deadlines is { } scale)
    {
        await WriteAsync([.. await DeadlinesAndAlerts.RunAsync(build, database, machine, options, scale, ct)], options);
        return 0;
    }
    if (options.Sealing)
    {
        await WriteAsync([.. await SealingCost.RunAsync(build, database, machine, options, ct)], options);
        return 0;
    }
    var tokens = await Tokens.MintAsync(build, ct);
    var postmaster = await CpuMeter.PostmasterPidAsync(database, ct);
    Progress.Say("tokens minted for the admin, the DSL and a teacher");

    foreach (var scenario in options.ReadSideOnly ? [] : Scenario.Plan(options.Quick))
    {
        Progress.Say($"{scenario.Label}:");
        var schema = Database.NewSchema("bench");
        ServiceProcess? service = null;
        try
        {
            service = await ServiceProcess.StartAsync(build, database, schema, ct);
            var firstStart = service.ColdStart;
            Progress.Say($"ready on a fresh schema in {firstStart.TotalSeconds:0.00} s (schema {schema}, log {service.LogPath})");
            var prefill = await database.PrefillAsync(schema, prefillSql, scenario.PrefilledEvents, ct);
            Progress.Say($"pre-filled {scenario.PrefilledEvents:#,0} events in {prefill.TotalSeconds:0.0} s");
            var school = new School(scenario.School);
            var (seeding, conflicts) = await school.SeedDirectoryAsync(service.Address, tokens.Admin, ct);
            Progress.Say($"seeded {school.People:#,0} people in {seeding.TotalSeconds:0.0} s, {conflicts:#,0} conflicts (409) retried");

            // The cells run on a service started again on the filled store: the cold start a deployment sees.
            await service.DisposeAsync();
            service = null;
            await database.SettleAsync(schema, ct);
            Progress.Say("vacuumed, analysed, checkpointed");
            service = await ServiceProcess.StartAsync(build, database, schema, ct);
            Progress.Say($"ready on the filled store in {service.ColdStart.TotalSeconds:0.00} s");
            report.Setups.Add(new ScenarioSetup(scenario, firstStart, service.ColdStart, prefill, seeding, school.People, conflicts));

            if (report.Raw.Count == 0)
            {
                report.Raw = await Baseline.MeasureAsync(database, options, new CpuMeter(null, postmaster), ct);
                report.MartenAppend = await MartenAppends.MeasureAsync(database, options, new CpuMeter(null, postmaster), ct);
            }

            foreach (var workload in scenario.Workloads)
            {
                foreach (var clients in workload.IsTimelineExport() ? [1] : scenario.Clients)
                {
                    using var workloads = new Workloads(service.Address, clients, school, tokens);
                    if (workload.IsTimelineExport() && school.LongCase is null)
                    {
                        var filling = System.Diagnostics.Stopwatch.StartNew();
                        await workloads.EnsureLongCaseAsync(Workloads.LongCaseEvents, ct);
                        Progress.Say($"a case of {Workloads.LongCaseEvents:#,0} events recorded through the API in {filling.Elapsed.TotalSeconds:0.0} s");
                    }
                    if (workload == WorkloadKind.Triage)
                    {
                        // Enough untouched concerns for the warm-up and the cell: twice what creating managed in this scenario.
                        var createRate = report.Cells.Where(c => c.Scenario == scenario && c.Workload == WorkloadKind.Create).Select(c => c.Result.PerSecond).DefaultIfEmpty(100).Max();
                        await workloads.EnsureUntriagedAsync((int)(2 * createRate * (options.WarmUp + options.Duration).TotalSeconds) + 2 * clients, ct);
                        Progress.Say($"{school.UntriagedCount:#,0} concerns waiting for triage");
                    }
                    await database.CheckpointAsync(ct);
                    var result = await Load.MeasureAsync(clients, options.WarmUp, options.Duration, workloads.For(workload), new CpuMeter(service.Pid, postmaster), ct);
                    report.Cells.Add(new Cell(scenario, workload, clients, result));
                    Progress.Say($"{Workloads.Describe(workload),-24} {clients,2} clients: {result.PerSecond,8:#,0} req/s, " +
                        $"p50 {result.Percentile(0.5):0.00} ms, p99 {result.Percentile(0.99):0.00} ms, CPU ms/req {Report.Cpu(result)}, " +
                        $"{result.ErrorCount} errors{(result.RanDry ? ", ran out of cases" : "")}");
                }
            }
            Progress.Say($"{school.CaseCount:#,0} concerns created in the school");
        }
        finally
        {
            await ServiceProcess.StopAndDropAsync(service, database, schema);
        }
    }

    Progress.Say("read side:");
    report.ReadSide.AddRange(await ReadSide.MeasureAsync(database, build, tokens, options, postmaster, ct));

    if (!options.ReadSideOnly)
    {
        await MeasureRebuildsAsync(report, database, prefillSql, options, ct);
    }
    report.LoadAtEnd = Machine.LoadAverage();
    await WriteAsync([.. report.Lines(), "", .. report.Summary(), "", .. report.ReadSideLines()], options);
    return 0;
}

// The report on the console, and in the Markdown file if one was named.
static async Task WriteAsync(List<string> lines, Options options)
{
    Console.WriteLine();
    lines.ForEach(Console.WriteLine);
    if (options.MarkdownPath is { } path)
    {
        await File.WriteAllLinesAsync(path, lines, CancellationToken.None);
        Console.WriteLine($"written to {path}");
    }
}

// The register rebuild rate over each store size the plan pre-fills, with no service running.
static async Task MeasureRebuildsAsync(Report report, Database database, string prefillSql, Options options, CancellationToken ct)
{
    foreach (var events in Scenario.Plan(options.Quick).Select(s => s.PrefilledEvents).Distinct().Order())
    {
        foreach (var rebuild in await RegisterRebuild.MeasureAsync(database, prefillSql, events, ct))
        {
            report.Rebuilds.Add(rebuild);
            Progress.Say($"register rebuild ({(rebuild.Daemon ? "Marten's daemon" : "bulk")}) over {rebuild.Events:#,0} events: " +
                $"{rebuild.Elapsed.TotalSeconds:0.00} s, {rebuild.EventsPerSecond:#,0} events/s");
        }
    }
}
