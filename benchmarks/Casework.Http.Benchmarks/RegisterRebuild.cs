using System.Diagnostics;
using System.Globalization;
using Casework.Cases;
using Casework.Operations;
using Marten;

namespace Casework.Http.Benchmarks;

/// <summary>
/// One rebuild of the registers: how (<see cref="Audit.RegisterRebuild"/>, or Marten's daemon as the reference), the events
/// the store held, the case register's rows written, how long it took and, for the bulk rebuild, where the time went.
/// </summary>
internal sealed record RebuildResult(int PrefilledEvents, bool Daemon, long Events, long Rows, TimeSpan Elapsed, TimeSpan? ReadAndFold = null, TimeSpan? Write = null)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public bool Met => EventsPerSecond >= RegisterRebuild.TargetPerSecond;
}

/// <summary>
/// The register rebuild rate: <see cref="Audit.RegisterRebuild"/> (what the auditor's replay runs in its fresh schema:
/// one ordered read, the inline projections' folds, bulk insert; ADR 21), and Marten's daemon rebuild of the case
/// register projection as a reference on the small store only (it takes 90 s on the large one), over a store
/// pre-filled with the same SQL file as the HTTP scenarios, in a schema of its own configured as the service configures it
/// (<see cref="StoreSetup.Configure"/>), with no service running. Events per second = events in the store ÷
/// the rebuild's wall time.
/// </summary>
internal static class RegisterRebuild
{
    public const double TargetPerSecond = 50_000;

    // Marten's daemon is measured beside it up to this many events, as a reference.
    private const int DaemonUpTo = 10_000;

    public static async Task<IReadOnlyList<RebuildResult>> MeasureAsync(Database database, string prefillSql, int prefilledEvents, CancellationToken ct)
    {
        var schema = Database.NewSchema("bench_rebuild");
        await using var dataSource = StoreSetup.DataSource(database.ConnectionString);
        await using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await database.PrefillAsync(schema, prefillSql, prefilledEvents, ct);
            await database.SettleAsync(schema, ct);
            var events = long.Parse(await database.ScalarAsync($"select count(*) from \"{schema}\".mt_events", ct), CultureInfo.InvariantCulture);

            var clock = Stopwatch.StartNew();
            var bulk = await Audit.RegisterRebuild.RunAsync(store, null, ct);
            var elapsed = clock.Elapsed;
            var results = new List<RebuildResult> { new(prefilledEvents, false, events, await RowsAsync(), elapsed, bulk.ReadAndFold, bulk.Write) };

            if (prefilledEvents <= DaemonUpTo)
            {
                using var daemon = await store.BuildProjectionDaemonAsync();
                clock.Restart();
                await daemon.RebuildProjectionAsync<CaseRecordProjection>(TimeSpan.FromHours(1), ct);
                elapsed = clock.Elapsed;
                results.Add(new RebuildResult(prefilledEvents, true, events, await RowsAsync(), elapsed));
            }
            return results;

            async Task<long> RowsAsync() =>
                long.Parse(await database.ScalarAsync($"select count(*) from \"{schema}\".mt_doc_case_register", ct), CultureInfo.InvariantCulture);
        }
        finally
        {
            await database.DropSchemaAsync(schema);
        }
    }

    public static IEnumerable<string> Lines(IReadOnlyList<RebuildResult> results)
    {
        if (results.Count == 0)
        {
            yield break;
        }
        yield return "| Register rebuild | Events | Case rows written | Seconds (read + fold, write) | Events/s | Target | Result |";
        yield return "|---|---:|---:|---:|---:|---|---|";
        foreach (var r in results)
        {
            var how = r.Daemon ? "Marten's daemon (case register only)" : "RegisterRebuild (case register and directory)";
            var split = r.ReadAndFold is { } read && r.Write is { } write ? $" ({read.TotalSeconds:0.00} + {write.TotalSeconds:0.00})" : "";
            yield return $"| {how}, pre-filled {r.PrefilledEvents:#,0} | {r.Events:#,0} | {r.Rows:#,0} | {r.Elapsed.TotalSeconds:0.00}{split} | {r.EventsPerSecond:#,0} " +
                $"| {(r.Daemon ? "reference" : $"≥ {TargetPerSecond:#,0}/s")} | {(r.Daemon ? "" : r.Met ? "PASS" : "**MISS**")} |";
        }
    }
}
