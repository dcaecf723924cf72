using System.Text.Json;
using Casework.Audit;
using Casework.Concerns;
using Casework.Directory;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Cases;

/// <summary>
/// GET /api/cases/search: the cases the caller sees in full, found by the name of anyone they are about (a pupil, a
/// member of staff, a parent, through the directory), kind, a concern's or disclosure's category, status, risk and when they were
/// reported. Names and fields only, never the accounts: a search must keep working when free text is encrypted, and
/// must not find a case by words its reader may not see. Each result passes the one sight rule (<see cref="Sight"/>)
/// in full, so a reporter's own report and a record withheld under R8 are never found; rows are the case register's.
/// </summary>
public static class SearchCases
{
    private const int Batch = 200;

    public static void MapSearchCases(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/cases/search", async Task<IResult> (
                string? name, string? kind, string? category, string? status, string? risk, DateTimeOffset? from, DateTimeOffset? to,
                string? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                var part = TextLimits.Check(name, "name", TextLimits.Name)?.Trim();
                if (part is { Length: < 2 })
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "name is at least 2 characters of a name.", "name");
                }
                CaseQueries.CheckKind(kind);
                if (status is not null and not ("open" or "closed"))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "status is open or closed.", "status");
                }
                var concernCategory = Value<ConcernCategory>(category, "category");
                var riskLevel = Value<RiskLevel>(risk, "risk");
                var take = Paging.Limit(limit);
                var cursor = PageCursor.Parse(after)?.Id;
                var now = cases.Now;

                await using var session = cases.Session(caller);
                var query = CaseQueries.SeenInFull(session.Query<CaseRecord>(), caller);
                if (part is not null)
                {
                    var named = (await FindPeopleByName.Named(session.Query<Person>(), part).Select(p => p.Id).ToListAsync(ct)).ToArray();
                    // A case document written before the people column holds only its pupils there (ADR 24).
                    query = query.Where(r => r.MatchesSql("(d.people && ? or d.pupils && ?)", named, named));
                }
                if (kind is not null)
                {
                    query = query.Where(r => r.Kind == kind);
                }
                if (status is not null)
                {
                    query = query.Where(r => r.Status == status);
                }
                if (from is { } since)
                {
                    query = query.Where(r => r.ReportedAt >= since);
                }
                if (to is { } until)
                {
                    query = query.Where(r => r.ReportedAt < until);
                }

                // Risk and category are read from the case itself, batch by batch in id order, until a page is full.
                var found = new List<CaseRecord>();
                while (found.Count <= take)
                {
                    var next = cursor;
                    var batch = await (next is { } last ? query.Where(r => r.MatchesSql("d.id > ?", last)) : query)
                        .OrderBy(r => r.Id).Take(Batch).ToListAsync(ct);
                    found.AddRange(batch.Where(r => Sight.Of(r, caller.Actor) == CaseVisibility.Full
                        && (riskLevel is null || r.Case.File.Triage?.Risk == riskLevel)
                        && (concernCategory is null || r.Case.Category == concernCategory)));
                    if (batch.Count < Batch)
                    {
                        break;
                    }
                    cursor = batch[^1].Id;
                }
                var page = await ListCases.NamedAsync(session, [.. found.Take(take).Select(r => ListCases.Row(r, caller.Actor, now))], ct);
                AccessLog.Record(session, caller, page.Select(r => r.Id), AccessLog.How.List, null, now);
                await session.SaveChangesAsync(ct);
                return TypedResults.Ok(new CaseRegisterPage(page, found.Count > take ? PageCursor.After(found[take - 1].Id).ToString() : null));
            })
            .WithName("search-cases")
            .WithTags("Cases")
            .WithSummary("Search the cases you see in full: by part of the name of anyone they are about (`name`, through the directory), `kind`, " +
                "a concern's or disclosure's `category`, `status`, `risk` and when reported (`from` inclusive, `to` exclusive); never by the words of an account. " +
                "Paged by `after` (the `next` of the previous page) and `limit`.")
            .Produces<CaseRegisterPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized);

    // A value of one of the API's enums, as written in its JSON (kebab case), or a 400 naming the field.
    private static T? Value<T>(string? text, string field) where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(text), CaseworkJson.Options);
        }
        catch (JsonException)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest,
                $"{field} is one of {string.Join(", ", Enum.GetValues<T>().Select(v => JsonSerializer.Serialize(v, CaseworkJson.Options).Trim('"')))}.", field);
        }
    }
}
