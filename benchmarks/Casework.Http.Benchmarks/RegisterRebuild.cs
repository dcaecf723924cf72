using System.Diagnostics;
using System.Globalization;
using Casework.Cases;
using Casework.Operations;
using Marten;

namespace Casework.Http.Benchmarks;

/// <summary>One rebuild of the case register: the events the store held, the rows written, and how long Marten took.</summary>
internal sealed record RebuildResult(int PrefilledEvents, long Events, long Rows, TimeSpan Elapsed)
{
    public double EventsPerSecond => Events / Elapsed.TotalSeconds;

    public bool Met => EventsPerSecond >= RegisterRebuild.TargetPerSecond;
}

/// <summary>
/// The register rebuild rate: Marten's rebuild of the case register projection (the daemon's
/// RebuildProjectionAsync, what the auditor's replay runs in its fresh schema) over a store pre-filled with
/// the same SQL file as the HTTP scenarios, in a schema of its own configured as the service configures it
/// (<see cref="StoreSetup.Configure"/>), with no service running. Events per second = events in the store ÷
/// the rebuild's wall time.
/// </summary>
internal static class RegisterRebuild
{
    public const double TargetPerSecond = 50_000;

    public static async Task<RebuildResult> MeasureAsync(Database database, string prefillSql, int prefilledEvents, CancellationToken ct)
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

            using var daemon = await store.BuildProjectionDaemonAsync();
            var clock = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync<CaseRecordProjection>(TimeSpan.FromHours(1), ct);
            var elapsed = clock.Elapsed;

            var rows = long.Parse(await database.ScalarAsync($"select count(*) from \"{schema}\".mt_doc_case_register", ct), CultureInfo.InvariantCulture);
            return new RebuildResult(prefilledEvents, events, rows, elapsed);
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
        yield return "| Register rebuild (case register, Marten's daemon) | Events | Rows written | Seconds | Events/s | Target | Result |";
        yield return "|---|---:|---:|---:|---:|---|---|";
        foreach (var r in results)
        {
            yield return $"| pre-filled {r.PrefilledEvents:#,0} | {r.Events:#,0} | {r.Rows:#,0} | {r.Elapsed.TotalSeconds:0.00} | {r.EventsPerSecond:#,0} " +
                $"| ≥ {TargetPerSecond:#,0}/s | {(r.Met ? "PASS" : "**MISS**")} |";
        }
    }
}
