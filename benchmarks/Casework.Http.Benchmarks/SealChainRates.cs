using System.Diagnostics;
using System.Globalization;
using Casework.Audit;
using Casework.Operations;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Casework.Http.Benchmarks;

/// <summary>Sealing every event of a pre-filled store, then verifying every school's chain: events, seconds and rates.</summary>
internal sealed record SealChainResult(long Events, TimeSpan Sealing, TimeSpan Verifying)
{
    public double SealedPerSecond => Events / Sealing.TotalSeconds;

    /// <summary>Verifying 1,000,000 events at this run's rate, in seconds (a straight-line extrapolation).</summary>
    public double VerifyMillionSeconds => Verifying.TotalSeconds * 1_000_000 / Events;
}

/// <summary>
/// The chain's rates (ADR 33) over a store pre-filled with the HTTP scenarios' SQL file, in a schema of its own with
/// the seal table, no service running: <see cref="SealChain.SealPendingAsync"/> from nothing sealed to everything
/// (what the sealer does catching up), then <see cref="ChainVerifier.VerifyAsync"/> over every school. Targets: sealing
/// ≥ 20,000 events/s; verifying 1,000,000 events ≤ 60 s.
/// </summary>
internal static class SealChainRates
{
    public const double SealTargetPerSecond = 20_000;
    public const double VerifyMillionTargetSeconds = 60;

    public static async Task<SealChainResult> MeasureAsync(Database database, string prefillSql, int prefilledEvents, CancellationToken ct)
    {
        var schema = Database.NewSchema("bench_seal");
        await using var dataSource = StoreSetup.DataSource(database.ConnectionString);
        await using var store = DocumentStore.For(marten => StoreSetup.Configure(marten, dataSource, schema));
        try
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await SealChain.CreateTableAsync(dataSource, schema, ct);
            var prefill = await database.PrefillAsync(schema, prefillSql, prefilledEvents, ct);
            await database.SettleAsync(schema, ct);
            var events = long.Parse(await database.ScalarAsync($"select count(*) from \"{schema}\".mt_events", ct), CultureInfo.InvariantCulture);
            Progress.Say($"pre-filled {events:#,0} events in {prefill.TotalSeconds:0.0} s");

            var clock = Stopwatch.StartNew();
            var sealedCount = await new SealChain(store, dataSource, TimeProvider.System).SealPendingAsync(full: true, ct, waitForOtherSealer: true);
            var sealing = clock.Elapsed;
            Progress.Say($"sealed {sealedCount:#,0} entries in {sealing.TotalSeconds:0.00} s");
            await database.SettleAsync(schema, ct);

            await using var services = new ServiceCollection().BuildServiceProvider();
            var verifier = new ChainVerifier(store, dataSource, services, TimeProvider.System);
            clock.Restart();
            foreach (var school in await verifier.SchoolsAsync(ct))
            {
                var report = await verifier.VerifyAsync(school, null, ChainVerifier.DefaultUnsealedAfterMinutes, new HashSet<Guid>(), ct);
                if (!report.Intact)
                {
                    throw new InvalidOperationException($"The chain of {school} did not verify: {report.FindingCount} findings.");
                }
            }
            var verifying = clock.Elapsed;
            Progress.Say($"verified {events:#,0} events in {verifying.TotalSeconds:0.00} s");
            return new SealChainResult(events, sealing, verifying);
        }
        finally
        {
            await database.DropSchemaAsync(schema);
        }
    }

    public static IEnumerable<string> Lines(SealChainResult r)
    {
        yield return "| Sealed chain | Events | Seconds | Rate | Target | Result |";
        yield return "|---|---:|---:|---:|---|---|";
        yield return $"| Sealing (from none sealed) | {r.Events:#,0} | {r.Sealing.TotalSeconds:0.00} | {r.SealedPerSecond:#,0} events/s | ≥ {SealTargetPerSecond:#,0}/s " +
            $"| {(r.SealedPerSecond >= SealTargetPerSecond ? "PASS" : "**MISS**")} |";
        yield return $"| Verifying every school | {r.Events:#,0} | {r.Verifying.TotalSeconds:0.00} | 1,000,000 in {r.VerifyMillionSeconds:0} s{(r.Events == 1_000_000 ? "" : " (extrapolated)")} " +
            $"| ≤ {VerifyMillionTargetSeconds:0} s | {(r.VerifyMillionSeconds <= VerifyMillionTargetSeconds ? "PASS" : "**MISS**")} |";
    }
}
