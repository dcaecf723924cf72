using System.Globalization;

namespace Casework.Benchmarks;

/// <summary>One cell of the results table. Targets are those of EVENT-STORE.md section 7.</summary>
internal sealed record Row(string Workload, int Writers, double? TransactionsPerSecond, double EventsPerSecond, double? VsRaw, string Target, bool? Pass);

internal static class Results
{
    public const double SingleRatioTarget = 0.75;
    public const double BatchTarget = 25_000;
    public const double ReplayTarget = 50_000;

    public static Row Raw(int writers, Measurement m) =>
        new("raw single-row INSERT", writers, m.PerSecond, m.PerSecond, 1, "baseline", null);

    public static Row Floor(int writers, Measurement m, Measurement raw) =>
        new("INSERT into the events table (no store logic)", writers, m.PerSecond, m.PerSecond, m.PerSecond / raw.PerSecond, "explains the schema's cost", null);

    public static Row Single(int writers, Measurement m, Measurement raw)
    {
        var ratio = m.PerSecond / raw.PerSecond;
        return new("store append, 1 event", writers, m.PerSecond, m.PerSecond, ratio, $"≥ {SingleRatioTarget:0.00} × raw", ratio >= SingleRatioTarget);
    }

    public static Row Batch(int writers, int batchSize, Measurement m, Measurement raw)
    {
        var events = m.PerSecond * batchSize;
        var target = writers == 8 ? $"≥ 25,000 events/s ({events / BatchTarget:0.00} ×)" : "—";
        return new($"store append, {batchSize}-event batch", writers, m.PerSecond, events, events / raw.PerSecond, target, writers == 8 ? events >= BatchTarget : null);
    }

    public static Row Replay(string workload, Measurement m) =>
        new(workload, 1, null, m.PerSecond, null, $"≥ 50,000 events/s ({m.PerSecond / ReplayTarget:0.00} ×)", m.PerSecond >= ReplayTarget);

    public static IEnumerable<string> Table(IEnumerable<Row> rows)
    {
        yield return "| Workload | Writers | Transactions/s | Events/s | Events/s ÷ raw tx/s | Target | Result |";
        yield return "|---|---:|---:|---:|---:|---|---|";
        foreach (var r in rows)
        {
            var result = r.Pass switch { true => "PASS", false => "**MISS**", null => "" };
            yield return $"| {r.Workload} | {r.Writers} | {Number(r.TransactionsPerSecond)} | {Number(r.EventsPerSecond)} | " +
                         $"{(r.VsRaw is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "—")} | {r.Target} | {result} |";
        }
    }

    private static string Number(double? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "—";
}
