using System.Globalization;
using Casework.Audit;
using Casework.Cases;
using Casework.Http;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Pupils;

/// <summary>One entry of a pupil's chronology: the case it belongs to, and the event in plain words.</summary>
public sealed record ChronologyEntry(Guid CaseId, string CaseKind, TimelineEntry Entry);

/// <summary>A page of a pupil's chronology; pass <c>next</c> as <c>after</c> for the following page (null: the last page).</summary>
public sealed record PupilChronologyPage(Guid Pupil, string Name, IReadOnlyList<ChronologyEntry> Items, string? Next);

/// <summary>
/// GET /api/pupils/{id}/chronology: every event of every case that names the pupil, across cases, in the order
/// things happened (DOMAIN.md registers), for the DSL and auditors. Each case is shown only as its own rules let
/// the caller see it in full; each case shown is an access-log row. Cases find the pupil through the case
/// register's indexed pupils column; <c>asOf</c> reads the events recorded up to then and the directory as it was.
/// </summary>
public static class ReadPupilChronology
{
    public static void MapPupilChronology(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/pupils/{id:guid}/chronology", async Task<IResult> (
                Guid id, DateTimeOffset? asOf, int? limit, string? after, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                if (!caller.Actor.Has(Role.Dsl) && !caller.Actor.Has(Role.Auditor))
                {
                    throw new NotPermitted("R2", "Only a designated safeguarding lead or an auditor reads a pupil's chronology.");
                }
                var take = Paging.Limit(limit);
                var from = Cursor.Parse(after);
                AsOf.Checked(asOf, cases.Now);

                await using var session = cases.Session(caller);
                var directory = await DirectoryNames.LoadAsync(session, [id], asOf, ct);
                if (directory.Person(id)?.Pupil is null)
                {
                    return TypedResults.Problem(title: "No such pupil.", detail: "There is no pupil with this id in the school's directory.",
                        statusCode: StatusCodes.Status404NotFound);
                }

                // Sight is decided from each case as it is now, whatever instant is read (Sight).
                var current = (await session.Query<CaseRecord>().Where(r => r.MatchesSql("d.pupils @> ?", (object)new[] { id }))
                    .ToListAsync(ct)).ToDictionary(r => r.Id);
                var caseIds = current.Keys.ToArray();
                var until = asOf ?? DateTimeOffset.MaxValue;
                var events = caseIds.Length == 0 ? [] : await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamId.IsOneOf(caseIds) && e.Timestamp <= until).ToListAsync(ct);

                var ordered = events.GroupBy(e => e.StreamId)
                    .Select(stream => stream.OrderBy(e => e.Version).ToList())
                    .Select(stream => (Events: stream, Record: CaseRecord.Of(stream[0].StreamId, stream)))
                    .Where(c => c.Record is { } record && record.Pupils.Contains(id)
                        && Sight.InFull(current[record.Id], record, caller.Actor) && !current[record.Id].Withheld)
                    .SelectMany(c => c.Events.Select(e => (Key: new Cursor(TimelineEntry.OccurredAtOf(e), e.StreamId, e.Version), Case: c.Record!, Event: e)))
                    .Where(x => from is null || x.Key.CompareTo(from) > 0)
                    .OrderBy(x => x.Key)
                    .Take(take + 1)
                    .ToList();
                var page = ordered.Take(take).ToList();

                var names = await DirectoryNames.LoadAsync(session, TimelineEntry.PeopleNamed(page.Select(x => x.Event)), asOf, ct);
                var content = await cases.Keys.ForCasesAsync(session, page.Select(x => x.Case.Id), ct);
                AccessLog.Record(session, caller, page.Select(x => x.Case.Id), AccessLog.How.Chronology, asOf, cases.Now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new PupilChronologyPage(id, directory.Of(id),
                    [.. page.Select(x => new ChronologyEntry(x.Case.Id, x.Case.Kind, TimelineEntry.Of(x.Event, names, content[x.Case.Id])))],
                    ordered.Count > take ? page[^1].Key.ToString() : null));
            })
            .WithName("get-pupil-chronology")
            .WithTags("Cases")
            .WithSummary("A pupil's chronology: every event of every case naming the pupil, in the order it happened, in plain words (DSL and auditors). " +
                "Paged by `limit` and `after` (the `next` of the previous page); `asOf` answers as the school knew it then. Each case shown is logged as read.")
            .Produces<PupilChronologyPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>Where a page ends: when the entry happened, then its case and version (so equal times still order one way).</summary>
    private sealed record Cursor(DateTimeOffset OccurredAt, Guid CaseId, long Version) : IComparable<Cursor>
    {
        public int CompareTo(Cursor? other) =>
            other is null ? 1
            : OccurredAt.UtcTicks != other.OccurredAt.UtcTicks ? OccurredAt.UtcTicks.CompareTo(other.OccurredAt.UtcTicks)
            : CaseId != other.CaseId ? CaseId.CompareTo(other.CaseId)
            : Version.CompareTo(other.Version);

        public override string ToString() => FormattableString.Invariant($"{OccurredAt.UtcTicks}_{CaseId:N}_{Version}");

        public static Cursor? Parse(string? after) =>
            after is null ? null
            : after.Split('_') is [var ticks, var caseId, var version]
                && long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(caseId, "N", out var c)
                && long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? new Cursor(new DateTimeOffset(t, TimeSpan.Zero), c, v)
                : throw new CallerRefused(StatusCodes.Status400BadRequest, "after is the next of a previous page.", "after");
    }
}
