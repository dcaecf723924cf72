using Casework.Audit;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;
using Casework.Registers;

namespace Casework.Cases;

/// <summary>
/// One row of the case register as the caller may see it: a reporter's own report shows no status of others' work.
/// <c>people</c> names everyone the case is about (pupils, the member of staff, the parent) as the directory holds
/// them, and <c>risk</c> is the DSL's latest triage; both, like <c>pupils</c>, only for a case seen in full.
/// </summary>
public sealed record CaseRegisterRow(
    Guid Id, string Kind, CaseVisibility Visibility, DateTimeOffset ReportedAt,
    string? Status, string? ManagedBy, IReadOnlyList<Guid>? Pupils, DateTimeOffset? NextDeadline, bool? Overdue, long? Version,
    IReadOnlyList<PersonName>? People = null,
    // Left out when unset, as OpenAPI cannot say "this reference or null" for an enum without a wrapper.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RiskLevel? Risk = null);

public sealed record CaseRegisterPage(IReadOnlyList<CaseRegisterRow> Items, string? Next);

/// <summary>
/// GET /api/cases: the case register, filtered by kind, status, manager and overdue, paged by case id (the opaque
/// <c>next</c>). Each row is what the one sight rule (<see cref="Sight"/>) lets the caller see: in full, their own
/// report, or a record withheld under R8. <c>overdue</c> is the deadline rule's own comparison
/// (<see cref="Calendar.Deadline.IsOverdue"/>: due at or before now), so <c>overdue=true</c> and <c>overdue=false</c>
/// partition the cases seen in full and agree with each row's <c>overdue</c>.
/// </summary>
public static class ListCases
{
    private const string OwnReports = "own-report";

    public static void MapListCases(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/cases", async Task<IResult> (
                string? kind, string? status, string? managedBy, bool? overdue, string? visibility, string? after, int? limit,
                HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                CaseQueries.CheckKind(kind);
                if (managedBy is not null && !Case.Managers.Contains(managedBy))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"managedBy is one of {string.Join(", ", Case.Managers)}.", "managedBy");
                }
                if (status is not null and not ("open" or "closed"))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "status is open or closed.", "status");
                }
                if (visibility is not null and not OwnReports)
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"visibility is {OwnReports}: the reports you made that others manage.", "visibility");
                }
                var take = Paging.Limit(limit);
                var from = PageCursor.Parse(after);
                var now = cases.Now;
                var roles = CaseQueries.RolesOf(caller);

                await using var session = cases.Session(caller);
                var query = CaseQueries.Visible(session.Query<CaseRecord>(), caller);
                if (kind is not null)
                {
                    query = query.Where(r => r.Kind == kind);
                }
                if (status is not null)
                {
                    query = query.Where(r => r.Status == status && r.MatchesSql("d.full_roles && ?", (object)roles));
                }
                if (managedBy is not null)
                {
                    query = query.Where(r => r.ManagedBy == managedBy && r.MatchesSql("d.full_roles && ?", (object)roles));
                }
                if (overdue is { } late)
                {
                    query = query.Where(r => r.MatchesSql("coalesce(d.next_deadline <= ?, false) = ? and d.full_roles && ?", now, late, roles));
                }
                if (visibility is not null)
                {
                    // Through the reporter's index; the sight rule below keeps the rows seen as their own report.
                    query = query.Where(r => r.MatchesSql("d.reported_by = ? and not (d.full_roles && ?)", caller.User.Id, roles));
                }
                if (from is { } cursor)
                {
                    query = query.Where(r => r.MatchesSql("d.id > ?", cursor.Id));
                }
                var records = await query.OrderBy(r => r.Id).Take(take + 1).ToListAsync(ct);

                var rows = records.Take(take).Select(r => Row(r, caller.Actor, now))
                    .Where(r => visibility is null ? r.Visibility != CaseVisibility.None : r.Visibility == CaseVisibility.OwnReport);
                var page = await NamedAsync(session, [.. rows], ct);
                AccessLog.Record(session, caller, page.Select(r => r.Id), AccessLog.How.List, null, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new CaseRegisterPage(page, records.Count > take ? PageCursor.After(records[take - 1].Id).ToString() : null));
            })
            .WithName("list-cases")
            .WithTags("Cases")
            .WithSummary("The case register: every case you may see, filterable by kind, status, manager (managedBy), overdue and visibility (own-report: the reports you made that others manage); paged by `after` (the last id) and `limit`.")
            .Produces<CaseRegisterPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    /// <summary>The rows with the names the directory holds now for the people they name.</summary>
    internal static async Task<List<CaseRegisterRow>> NamedAsync(IQuerySession session, IReadOnlyList<CaseRegisterRow> rows, CancellationToken ct)
    {
        var named = await CaseService.PeopleAsync(session, rows.SelectMany(r => r.People ?? []).Select(p => p.Id), null, ct);
        var names = named.ToDictionary(p => p.Id, p => p.Name);
        return [.. rows.Select(r => r.People is null ? r : r with { People = [.. r.People.Select(p => p with { Name = names.GetValueOrDefault(p.Id) })] })];
    }

    // What the sight rule lets the reader see of one case: a reporter's own report shows no status of others' work,
    // and a withheld record (R8) names nobody.
    internal static CaseRegisterRow Row(CaseRecord r, Actor actor, DateTimeOffset now)
    {
        var visibility = Sight.Of(r, actor);
        var managed = visibility == CaseVisibility.Full || visibility == CaseVisibility.Withheld && r.Case.Visibility(actor) == CaseVisibility.Full;
        return managed
            ? new CaseRegisterRow(r.Id, r.Kind, visibility, r.ReportedAt, r.Status, r.ManagedBy,
                visibility == CaseVisibility.Withheld ? [] : r.Pupils, r.NextDeadline, r.NextDeadline <= now, r.Version,
                visibility == CaseVisibility.Withheld ? [] : [.. r.People.Select(id => new PersonName(id, null))],
                visibility == CaseVisibility.Withheld ? null : r.Case.File.Triage?.Risk)
            : visibility == CaseVisibility.OwnReport && !r.Withheld
                // A reporter's own report names whom they named, as their case view does.
                ? new CaseRegisterRow(r.Id, r.Kind, visibility, r.ReportedAt, null, null, r.Pupils, null, null, null,
                    [.. r.People.Select(id => new PersonName(id, null))])
                : new CaseRegisterRow(r.Id, r.Kind, visibility, r.ReportedAt, null, null, null, null, null, null);
    }
}
