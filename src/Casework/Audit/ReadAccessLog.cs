using Casework.Cases;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Audit;

/// <summary>A page of the access log, oldest read first; <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessRead> Items, Guid? Next);

/// <summary>
/// GET /api/audit/access-log: who read which case, when and how, oldest first (a row's id grows with its
/// time, so paging by the last id seen never skips a read recorded meanwhile), filterable by reader, case and
/// time. Reading the log shows no case content, so it records no row of its own (ADR "Audit routes and replay").
/// </summary>
public static class ReadAccessLog
{
    public static void MapAccessLogRead(this RouteGroupBuilder audit) =>
        audit.MapGet("/access-log", async Task<IResult> (
                Guid? user, Guid? @case, DateTimeOffset? from, DateTimeOffset? to, Guid? after, int? limit,
                HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = AuditRoutes.Auditor(http);
                var take = Paging.Limit(limit);
                AuditRoutes.CheckPeriod(from, to);

                await using var session = cases.Session(caller);
                var query = session.Query<AccessRead>().AsQueryable();
                if (user is { } actor)
                {
                    query = query.Where(r => r.ActorId == actor);
                }
                if (@case is { } id)
                {
                    var what = $"case/{id}";
                    query = query.Where(r => r.What == what);
                }
                if (from is { } start)
                {
                    query = query.Where(r => r.ReadAt >= start);
                }
                if (to is { } end)
                {
                    query = query.Where(r => r.ReadAt < end);
                }
                if (after is { } last)
                {
                    query = query.Where(r => r.MatchesSql("d.id > ?", last));
                }
                var rows = await query.OrderBy(r => r.Id).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(new AccessLogPage([.. rows.Take(take)], rows.Count > take ? rows[take - 1].Id : null));
            })
            .WithName("list-access-log")
            .WithSummary("The access log: every read of case content (who, their roles, when, what, how, as of when, the request's trace), " +
                "oldest first, filterable by reader (`user`), `case` and read time (`from` inclusive, `to` exclusive), paged by `after` " +
                "(the last id seen) and `limit`. Auditors only.")
            .Produces<AccessLogPage>();
}
