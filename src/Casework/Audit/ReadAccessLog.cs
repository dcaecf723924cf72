using Casework.Cases;
using Casework.Http;
using JasperFx;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Audit;

/// <summary>A page of the access log, oldest read first; <c>next</c> is the <c>after</c> of the following page (null on the last).</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessRead> Items, Guid? Next);

/// <summary>
/// GET /api/audit/access-log: who read which case, when and how, oldest first (a row's id grows with its
/// time, so paging by the last id seen never skips a read recorded meanwhile), filterable by reader, case and
/// time. Who read a case is itself about the case: the log's rows pass the one sight rule, and reading them is logged.
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
                // The one sight rule (Sight): reads of a case hidden from the caller are left out by the query itself, so
                // neither the page nor its cursor tells that the case exists.
                var excluded = (await CaseQueries.ExcludedAsync(session, caller, ct)).Select(AccessLog.Case).ToArray();
                var query = session.Query<AccessRead>().Where(r => !r.What.IsOneOf(excluded));
                if (user is { } actor)
                {
                    query = query.Where(r => r.ActorId == actor);
                }
                if (@case is { } id)
                {
                    var what = AccessLog.Case(id);
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
                var page = rows.Take(take).ToList();
                // Who looked at a case is about the case: reading it is itself a read, and logged.
                AccessLog.Record(session, caller, page.Select(r => r.What).Where(w => w.StartsWith(AccessLog.CasePrefix, StringComparison.Ordinal)).Distinct(),
                    AccessLog.How.AccessLog, null, cases.Now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new AccessLogPage(page, rows.Count > take ? rows[take - 1].Id : null));
            })
            .WithName("list-access-log")
            .WithSummary("The access log: every read of case content (who, their roles, when, what, how, as of when, the request's trace), " +
                "oldest first, filterable by reader (`user`), `case` and read time (`from` inclusive, `to` exclusive), paged by `after` " +
                "(the last id seen) and `limit`. Auditors only.")
            .Produces<AccessLogPage>();
}
