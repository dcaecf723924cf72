using System.Globalization;

namespace Casework.Http.Benchmarks;

/// <summary>
/// Command line: <c>[--seconds N] [--warmup N] [--quick] [--read-side] [--rebuild-only] [--seal-only EVENTS] [--markdown FILE] [--prefill-sql FILE]</c>;
/// <c>--read-side</c> runs the read side only (ReadSide), without the write scenarios; <c>--rebuild-only</c> measures
/// the register rebuild rate alone (no service, no HTTP cells); <c>--seal-only</c> the chain's sealing and verifying rates
/// over a store pre-filled with that many events (SealChainRates); <c>--deadlines</c> the deadlines and their alerts alone
/// (DeadlinesAndAlerts), at <see cref="DeadlineScale.Full"/> or, with <c>--quick</c>, <see cref="DeadlineScale.Quick"/>,
/// each number overridable; <c>--sealing</c> what sealing content costs a create, beside the same build storing it plain (SealingCost).
/// </summary>
internal sealed record Options(double Seconds, double WarmUpSeconds, bool Quick, string? MarkdownPath, string? PrefillSqlPath, bool ReadSideOnly = false, bool RebuildOnly = false,
    int? SealOnly = null, DeadlineScale? Deadlines = null, bool Sealing = false)
{
    public const string Usage = "usage: [--seconds N] [--warmup N] [--quick] [--read-side] [--rebuild-only] [--seal-only EVENTS] [--markdown FILE] [--prefill-sql FILE]\n" +
        "       --deadlines [--quick] [--deadline-count N] [--due-together N] [--schools N] [--trickle PER_SECOND]\n" +
        "       --sealing [--quick] [--seconds N] [--warmup N]";

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);

    public static Options Parse(string[] args)
    {
        double? seconds = null, warmUp = null;
        bool quick = false, readSide = false, rebuildOnly = false;
        string? markdown = null, prefill = null;
        int? sealOnly = null;
        var deadlines = false;
        var sealing = false;
        var scaleNumbers = new Dictionary<string, double>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Length && TryPositive(args[i + 1], out var s):
                    seconds = s;
                    i++;
                    break;
                case "--warmup" when i + 1 < args.Length && TryPositive(args[i + 1], out var w):
                    warmUp = w;
                    i++;
                    break;
                case "--quick":
                    quick = true;
                    break;
                case "--read-side":
                    readSide = true;
                    break;
                case "--rebuild-only":
                    rebuildOnly = true;
                    break;
                case "--seal-only" when i + 1 < args.Length && TryPositive(args[i + 1], out var events):
                    sealOnly = (int)events;
                    i++;
                    break;
                case "--deadlines":
                    deadlines = true;
                    break;
                case "--sealing":
                    sealing = true;
                    break;
                case "--deadline-count" or "--due-together" or "--schools" or "--trickle" when i + 1 < args.Length && TryPositive(args[i + 1], out var number):
                    scaleNumbers[args[i]] = number;
                    i++;
                    break;
                case "--markdown" when i + 1 < args.Length:
                    markdown = Path.GetFullPath(args[++i]);
                    break;
                case "--prefill-sql" when i + 1 < args.Length:
                    prefill = Path.GetFullPath(args[++i]);
                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'. {Usage}");
            }
        }
        DeadlineScale? scale = null;
        if (deadlines)
        {
            var defaults = quick ? DeadlineScale.Quick : DeadlineScale.Full;
            double Or(string option, double value) => scaleNumbers.GetValueOrDefault(option, value);
            scale = new DeadlineScale((int)Or("--deadline-count", defaults.Deadlines), (int)Or("--due-together", defaults.DueTogether),
                (int)Or("--schools", defaults.Schools), Or("--trickle", defaults.TricklePerSecond));
            if (scale.DueTogether >= scale.Deadlines)
            {
                throw new ArgumentException($"--due-together must be less than --deadline-count. {Usage}");
            }
        }
        return new Options(seconds ?? (quick ? 3 : 10), warmUp ?? (quick ? 1 : 2), quick, markdown, prefill, readSide, rebuildOnly, sealOnly, scale, sealing);
    }

    private static bool TryPositive(string text, out double value) =>
        double.TryParse(text, CultureInfo.InvariantCulture, out value) && value > 0;
}

internal enum SchoolSize { Small, Large }

internal enum WorkloadKind { Create, Triage, View, Register, TimelineJson, TimelinePdf }

internal static class WorkloadKinds
{
    /// <summary>Exports of one long case's timeline: one client, since each export is recorded on that case at the version it showed.</summary>
    public static bool IsTimelineExport(this WorkloadKind kind) => kind is WorkloadKind.TimelineJson or WorkloadKind.TimelinePdf;
}

/// <summary>One service process on a fresh schema: a directory, events stored before, and the cells run on it.</summary>
internal sealed record Scenario(SchoolSize School, int PrefilledEvents, IReadOnlyList<WorkloadKind> Workloads, IReadOnlyList<int> Clients)
{
    public const int SmallStore = 10_000;
    public const int LargeStore = 1_000_000;

    public bool IsReference => School == SchoolSize.Small && PrefilledEvents == SmallStore;

    public string DirectoryLabel => School == SchoolSize.Small ? "1 pupil" : "2,500 people";

    public string EventsLabel => PrefilledEvents >= 1_000_000 ? $"{PrefilledEvents / 1_000_000}M" : $"{PrefilledEvents / 1_000}k";

    public string Label => $"{DirectoryLabel}, {EventsLabel} events";

    /// <summary>
    /// Full: creates in every corner of directory x stored events; the other workloads in the small/10k and
    /// large/1M corners. Quick: every workload on small/10k only, since seeding 2,500 people into today's
    /// one-stream directory alone takes minutes.
    /// </summary>
    public static IReadOnlyList<Scenario> Plan(bool quick)
    {
        WorkloadKind[] all = [WorkloadKind.Create, WorkloadKind.Triage, WorkloadKind.View, WorkloadKind.Register, WorkloadKind.TimelineJson, WorkloadKind.TimelinePdf];
        int[] both = [8, 32];
        return quick
            ? [new(SchoolSize.Small, SmallStore, all, both)]
            :
            [
                new(SchoolSize.Small, SmallStore, all, both),
                new(SchoolSize.Small, LargeStore, [WorkloadKind.Create], both),
                new(SchoolSize.Large, SmallStore, [WorkloadKind.Create], both),
                new(SchoolSize.Large, LargeStore, all, both),
            ];
    }
}
