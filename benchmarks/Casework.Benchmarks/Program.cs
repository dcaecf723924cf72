using Casework;
using Casework.Benchmarks;
using Casework.EventStore;
using Npgsql;

// The event store's throughput against raw INSERT on the same cluster, in one run
// (EVENT-STORE.md section 7; docs/benchmarks.md explains the rows).
var options = Options.Parse(args);
var connection = new NpgsqlConnectionStringBuilder(LocalServer.ConnectionString());
connection.MaxPoolSize = Math.Max(connection.MaxPoolSize, 64); // 32 writers, the notifier, the replay
var schema = "bench_" + Guid.NewGuid().ToString("N")[..12];
var dataSource = StoreDataSource.Create(connection.ConnectionString, schema);
try
{
    await Migrator.ApplyAsync(dataSource, [Migrator.StoreMigrations]);
    await using var raw = RawInsert.Create(connection.ConnectionString, schema);
    await raw.CreateTableAsync();
    await SummaryProjection.CreateTableAsync(dataSource);
    var store = new Casework.EventStore.EventStore(dataSource);

    var machine = await Machine.DescribeAsync(dataSource);
    var setup = new List<string>(machine.Lines())
    {
        $"- Each cell: {options.WarmUp.TotalSeconds:0.#} s warm-up, then {options.Seconds:0.#} s measured; a CHECKPOINT before each cell.",
        $"- Load average (1/5/15 min) at start: {Machine.LoadAverage()}",
        $"- Event: {Payload.DataBytes} bytes of data and {Payload.MetadataBytes} of metadata (JSON); the raw row's jsonb holds both.",
    };
    setup.ForEach(Console.WriteLine);

    var floor = new EventsTableInsert(dataSource);
    var rawRows = new List<Row>();
    var floorRows = new List<Row>();
    var singleRows = new List<Row>();
    var batchRows = new List<Row>();
    foreach (var writers in new[] { 1, 8, 32 })
    {
        var baseline = await Measure("raw INSERT", writers, raw.WriterAsync);
        rawRows.Add(Results.Raw(writers, baseline));
        floorRows.Add(Results.Floor(writers, await Measure("events table", writers, floor.WriterAsync), baseline));
        singleRows.Add(Results.Single(writers, await Measure("single appends", writers, new StoreAppends(store, 1, $"single{writers}").WriterAsync), baseline));
        batchRows.Add(Results.Batch(writers, 10, await Measure("10-event batches", writers, new StoreAppends(store, 10, $"batch{writers}").WriterAsync), baseline));
    }

    var events = await Replay.EnsureEventsAsync(store, 200_000);
    Console.WriteLine($"replaying {events:#,0} events");
    var feed = Results.Replay($"feed replay ({Replay.FeedBatch}-event batches)", await Replay.ReadFeedAsync(store));
    var rebuild = Results.Replay("projection rebuild (1 row per stream)", await Replay.RebuildAsync(dataSource));
    setup.Add($"- Replay: {events:#,0} events in the store. Load average at end: {Machine.LoadAverage()}");

    var table = Results.Table([.. rawRows, .. floorRows, .. singleRows, .. batchRows, feed, rebuild]).ToList();
    Console.WriteLine();
    table.ForEach(Console.WriteLine);
    if (options.MarkdownPath is { } path)
    {
        await File.WriteAllLinesAsync(path, [.. setup, "", .. table]);
    }
}
finally
{
    await dataSource.DisposeAsync();
    await using var admin = new NpgsqlConnection(connection.ConnectionString);
    await admin.OpenAsync();
    await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", admin);
    await drop.ExecuteNonQueryAsync();
}

async Task<Measurement> Measure(string workload, int writers, Runner.Writer writer)
{
    await CheckpointAsync();
    var measurement = await Runner.MeasureAsync(writers, options.WarmUp, options.Duration, writer);
    Console.WriteLine($"{workload,-18} {writers,2} writers: {measurement.PerSecond,10:#,0} tx/s");
    return measurement;
}

// Starts every cell with the same WAL state; a user without the right to CHECKPOINT just skips it.
async Task CheckpointAsync()
{
    try
    {
        await using var command = dataSource.CreateCommand("checkpoint");
        await command.ExecuteNonQueryAsync();
    }
    catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
    {
    }
}
