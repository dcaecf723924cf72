using Casework.Audit;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Cases;

/// <summary>One open action assigned to the caller: on which case, what is to be done, by when.</summary>
public sealed record MyAction(Guid CaseId, string Kind, Guid ActionId, string What, DateOnly? DueOn);

public sealed record MyActionsPage(IReadOnlyList<MyAction> Items, string? Next);

/// <summary>
/// GET /api/me/actions: the open actions assigned to the caller, across the school's cases, soonest due first within
/// a page of cases (paged by case id, the opaque <c>next</c>). Each case passes the one sight rule (<see cref="Sight"/>):
/// an action on a case the caller may no longer see (routing moved an allegation about them) is not shown, nor is
/// anything of a record withheld under R8.
/// </summary>
public static class ListMyActions
{
    public static void MapListMyActions(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/actions", async Task<IResult> (string? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                var take = Paging.Limit(limit);
                var from = PageCursor.Parse(after);
                var now = cases.Now;
                Guid[] me = [caller.User.Id];

                await using var session = cases.Session(caller);
                var query = CaseQueries.Visible(session.Query<CaseRecord>(), caller).Where(r => r.MatchesSql("d.assignees && ?", (object)me));
                if (from is { } cursor)
                {
                    query = query.Where(r => r.MatchesSql("d.id > ?", cursor.Id));
                }
                var records = await query.OrderBy(r => r.Id).Take(take + 1).ToListAsync(ct);
                var page = records.Take(take).Where(r => !r.Withheld && Sight.Of(r, caller.Actor) != CaseVisibility.None).ToList();
                var ciphers = await cases.Keys.ForCasesAsync(session, page.Select(r => r.Id), ct);
                var items = page
                    .SelectMany(r => ciphers[r.Id].Opened(r).Case.File.ActionsOf(caller.User.Id).Select(a => new MyAction(r.Id, r.Kind, a.Id, a.What, a.DueOn)))
                    .OrderBy(a => a.DueOn ?? DateOnly.MaxValue).ToList();
                AccessLog.Record(session, caller, page.Select(r => r.Id), AccessLog.How.List, null, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new MyActionsPage(items, records.Count > take ? PageCursor.After(records[take - 1].Id).ToString() : null));
            })
            .WithName("list-my-actions")
            .WithTags("Cases")
            .WithSummary("The open actions assigned to you, on every case you may see: what is to be done and by when; complete one with complete-action on its case.")
            .Produces<MyActionsPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}
