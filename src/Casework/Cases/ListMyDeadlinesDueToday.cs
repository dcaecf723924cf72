using System.Text.Json.Serialization;
using Casework.Alerts;
using Casework.Audit;
using Casework.Calendar;
using Casework.Http;
using Casework.Registers;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Cases;

/// <summary>
/// A deadline of the caller's that ends today, as the morning's reminder told them of it (ADR 36): on which case (its
/// kind, the people it names as the directory holds them, the DSL's latest risk), which deadline and under which rule,
/// and the deadline as the case view shows it (<c>endsOn</c> is today).
/// </summary>
public sealed record MyDeadline(
    Guid CaseId, string Kind, DeadlineView Deadline, string? Rule, IReadOnlyList<PersonName> People,
    // Left out when unset, as OpenAPI cannot say "this reference or null" for an enum without a wrapper.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RiskLevel? Risk = null);

public sealed record MyDeadlinesPage(IReadOnlyList<MyDeadline> Items, string? Next);

/// <summary>
/// GET /api/me/due-today: the deadlines that are the caller's and end today, unmet and not yet past, across the
/// school's cases: what the morning's reminders told them (ADR 36). Whose a deadline is is the reminder's own rule
/// (<see cref="CaseAlerts.Owners"/>: the DSL's for concerns, disclosures and parents' breaches, the case manager's for
/// an allegation), and a case is listed only if the caller sees it in full by the one sight rule (<see cref="Sight"/>),
/// never a record withheld under R8. A page holds up to <c>limit</c> cases, soonest due first (<c>next</c>: the opaque
/// cursor of the last one).
/// </summary>
public static class ListMyDeadlinesDueToday
{
    /// <summary>The deadlines of <paramref name="record"/> that are <paramref name="reader"/>'s and end on the London day of <paramref name="now"/>, still open.</summary>
    public static IReadOnlyList<Deadline> DueToday(CaseRecord record, Actor reader, DateTimeOffset now) =>
        CaseAlerts.Owners(record.Case).Any(reader.Has)
            ? [.. record.Deadlines().Where(d => !d.Satisfied && now < d.Due && d.Due <= WorkingDayCalendar.EndOfDay(now))]
            : [];

    public static void MapListMyDeadlinesDueToday(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/due-today", async Task<IResult> (string? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                var now = cases.Now;
                await using var session = cases.Session(caller);
                var (shown, next) = await PageAsync(session, caller, PageCursor.Parse(after), Paging.Limit(limit), now, ct);

                var names = (await CaseService.PeopleAsync(session, shown.SelectMany(c => c.Record.People), null, ct)).ToDictionary(p => p.Id, p => p.Name);
                var items = shown.SelectMany(c => c.Due.Select(d => new MyDeadline(c.Record.Id, c.Record.Kind, DeadlineView.Of(d, now), CaseRegisters.RuleOf(c.Record, d.Name),
                    [.. c.Record.People.Select(id => new PersonName(id, names.GetValueOrDefault(id)))], c.Record.Case.File.Triage?.Risk))).ToList();
                AccessLog.Record(session, caller, shown.Select(c => c.Record.Id), AccessLog.How.List, null, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new MyDeadlinesPage(items, next));
            })
            .WithName("list-my-deadlines-due-today")
            .WithTags("Cases")
            .WithSummary("Your deadlines that end today, still open, on every case you see in full: what this morning's reminders told you (the DSL's on concerns, disclosures and parents' breaches; the case manager's on an allegation), with the case's people and risk; paged by `after` and `limit` (cases).")
            .Produces<MyDeadlinesPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    // Up to `take` cases with a deadline of the caller's due today, and the cursor after the last, if more may follow. The
    // cases seen in full with a deadline open by tonight come soonest first: one whose open deadlines have all passed, or
    // are someone else's, gives nothing, so the page is filled from as many as it takes.
    private static async Task<(List<(CaseRecord Record, IReadOnlyList<Deadline> Due)> Shown, string? Next)> PageAsync(
        IQuerySession session, Caller caller, PageCursor? cursor, int take, DateTimeOffset now, CancellationToken ct)
    {
        // A column of the case document is UTC: Npgsql refuses a timestamptz with another offset (London midnights are +01:00 in summer).
        var tonight = WorkingDayCalendar.EndOfDay(now).ToUniversalTime();
        var shown = new List<(CaseRecord, IReadOnlyList<Deadline>)>();
        for (var more = true; more;)
        {
            var query = CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller).Where(r => !r.Withheld && r.MatchesSql("d.next_deadline <= ?", tonight));
            if (cursor is { } from)
            {
                query = query.Where(r => r.MatchesSql("(d.next_deadline, d.id) > (?, ?)", from.Key, from.Id));
            }
            var batch = await query.OrderBy(r => r.NextDeadline).ThenBy(r => r.Id).Take(take).ToListAsync(ct);
            more = batch.Count == take;
            foreach (var record in batch)
            {
                if (shown.Count == take)
                {
                    return (shown, cursor!.Value.ToString());
                }
                cursor = PageCursor.After(record.NextDeadline!.Value, record.Id);
                if (Sight.Of(record, caller.Actor) == CaseVisibility.Full && DueToday(record, caller.Actor, now) is { Count: > 0 } due)
                {
                    shown.Add((record, due));
                }
            }
        }
        return (shown, null);
    }
}
