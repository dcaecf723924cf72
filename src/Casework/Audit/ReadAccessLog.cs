using Casework.Cases;
using Casework.Http;
using JasperFx.Events;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Audit;

/// <summary>
/// One entry of the access log: a request that showed case content (<c>how</c>: view, timeline, export, list,
/// register:&lt;name&gt;, chronology, audit-trail, access-log), or, when the log is asked about one case, an event
/// of that case (<c>how</c>: act, <c>event</c>: its name; its id is the event's id and its trace the event's
/// correlation id). <c>cases</c> are the cases it showed that the reader may see; <c>what</c> is <c>case/&lt;id&gt;</c>
/// when that is one case, <c>cases</c> when several.
/// </summary>
public sealed record AccessLogEntry(Guid Id, Guid? ActorId, IReadOnlyList<string> ActorRoles, DateTimeOffset ReadAt, string What, string How,
    DateTimeOffset? AsOf, string? TraceId, IReadOnlyList<Guid> Cases, string? Event);

/// <summary>A page of the access log, oldest first; <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessLogEntry> Items, string? Next);

/// <summary>
/// GET /api/audit/access-log: who saw which case, when and how, oldest first, filterable by reader, case and
/// time, paged by the time and id of the last entry (an opaque cursor, never looked up). Who read a case is
/// itself about the case: each row shows only the cases the reader may see (the one sight rule), and reading
/// the log is logged.
/// </summary>
public static class ReadAccessLog
{
    /// <summary>Which entries: by reader (<c>user</c>), read from (inclusive) and to (exclusive), after a cursor.</summary>
    public sealed record Filter(Guid? User, DateTimeOffset? From, DateTimeOffset? To, PageCursor? After);

    public static void MapAccessLogRead(this RouteGroupBuilder audit) =>
        audit.MapGet("/access-log", async Task<IResult> (
                Guid? user, Guid? @case, DateTimeOffset? from, DateTimeOffset? to, string? after, int? limit,
                HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = AuditRoutes.Auditor(http);
                var take = Paging.Limit(limit);
                AuditRoutes.CheckPeriod(from, to);
                var filter = new Filter(user, from, to, PageCursor.Parse(after));

                await using var session = cases.Session(caller);
                // The one sight rule (Sight): a case hidden from the caller is left out by the query itself, so neither the
                // page nor its cursor tells that it exists.
                var excluded = await CaseQueries.ExcludedAsync(session, caller, ct);
                // Asked about one case: only a case (not a person's stream or anything else an id may name) the caller may see.
                // A withheld record's entries keep no request ids: they would tie it to what its report wrote elsewhere (R8).
                var entries = @case is { } id
                    ? await session.LoadAsync<CaseRecord>(id, ct) is { } record && Sight.Of(record, caller.Actor) is var sight && sight != CaseVisibility.None
                        ? [.. (await WhoSawCaseAsync(session, id, filter, take + 1, ct)).Select(e => sight == CaseVisibility.Withheld ? e with { TraceId = null } : e)]
                        : []
                    : await ReadsAsync(session, excluded, filter, take + 1, ct);
                var page = entries.Take(take).ToList();
                // Who looked at a case is about the case: reading it is itself a read, and logged.
                AccessLog.Record(session, caller, page.SelectMany(e => e.Cases), AccessLog.How.AccessLog, null, cases.Now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new AccessLogPage(page, entries.Count > take ? PageCursor.After(page[^1].ReadAt, page[^1].Id).ToString() : null));
            })
            .WithName("list-access-log")
            .WithSummary("The access log: who saw case content, when and how (who, their roles, when, what, how, as of when, the request's " +
                "trace, the cases shown), oldest first, filterable by reader (`user`), `case` and time (`from` inclusive, `to` exclusive), " +
                "paged by `after` (the `next` of the previous page) and `limit`. Asked about one `case`, it answers who saw it: the reads " +
                "that showed it and, as `act` entries naming the event, every event recorded on it. Auditors only.")
            .Produces<AccessLogPage>();

    /// <summary>
    /// Who saw case <paramref name="caseId"/>, when and how: the rows of the requests that showed it, and the case's
    /// events as <c>act</c> entries (an event names who recorded it, with which roles, when, and its request's trace),
    /// merged in (time, id) order: each source is read in that order by its own index, up to <paramref name="count"/>.
    /// </summary>
    public static async Task<IReadOnlyList<AccessLogEntry>> WhoSawCaseAsync(IQuerySession session, Guid caseId, Filter filter, int count, CancellationToken ct)
    {
        var reads = await Rows(session, filter).Where(r => r.MatchesSql("d.cases @> ?", new[] { caseId })).Take(count).ToListAsync(ct);

        var events = session.Events.QueryAllRawEvents().Where(e => e.StreamId == caseId);
        if (filter.User is { } actor)
        {
            events = events.Where(e => e.MatchesSql("d.user_name = ?", actor.ToString()));
        }
        if (filter.From is { } start)
        {
            events = events.Where(e => e.Timestamp >= start);
        }
        if (filter.To is { } end)
        {
            events = events.Where(e => e.Timestamp < end);
        }
        if (filter.After is { } last)
        {
            events = events.Where(e => e.MatchesSql("(d.timestamp, d.id) > (?, ?)", last.Key, last.Id));
        }
        var acts = await events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id).Take(count).ToListAsync(ct);

        return [.. reads.Select(r => Entry(r, [caseId])).Concat(acts.Select(e => Act(e, caseId)))
            .OrderBy(e => PageCursor.After(e.ReadAt, e.Id))
            .Take(count)];
    }

    /// <summary>Every read, each showing only the cases the reader may see; a read of none of those is left out.</summary>
    private static async Task<IReadOnlyList<AccessLogEntry>> ReadsAsync(IQuerySession session, Guid[] excluded, Filter filter, int count, CancellationToken ct)
    {
        var rows = Rows(session, filter);
        if (excluded.Length > 0)
        {
            rows = rows.Where(r => r.MatchesSql("not (d.cases <@ ?)", excluded));
        }
        var hidden = excluded.ToHashSet();
        return [.. (await rows.Take(count).ToListAsync(ct)).Select(r => Entry(r, [.. r.Cases.Where(c => !hidden.Contains(c))]))];
    }

    private static IQueryable<AccessRead> Rows(IQuerySession session, Filter filter)
    {
        IQueryable<AccessRead> query = session.Query<AccessRead>();
        if (filter.User is { } actor)
        {
            query = query.Where(r => r.ActorId == actor);
        }
        if (filter.From is { } start)
        {
            query = query.Where(r => r.ReadAt >= start);
        }
        if (filter.To is { } end)
        {
            query = query.Where(r => r.ReadAt < end);
        }
        if (filter.After is { } last)
        {
            query = query.Where(r => r.MatchesSql("(d.read_at, d.id) > (?, ?)", last.Key, last.Id));
        }
        return query.OrderBy(r => r.ReadAt).ThenBy(r => r.Id);
    }

    private static AccessLogEntry Entry(AccessRead r, IReadOnlyList<Guid> cases) =>
        new(r.Id, r.ActorId, r.ActorRoles, r.ReadAt, cases.Count == 1 ? AccessLog.Case(cases[0]) : "cases", r.How, r.AsOf, r.TraceId, cases, null);

    private static AccessLogEntry Act(IEvent e, Guid caseId) =>
        new(e.Id, TimelineEntry.ActorOf(e), TimelineEntry.RolesOf(e) ?? [], e.Timestamp, AccessLog.Case(caseId), AccessLog.How.Act, null,
            e.CorrelationId, [caseId], e.EventTypeName);
}
