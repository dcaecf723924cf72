using Casework.Cases;
using Casework.Http;
using Marten;
using Marten.Linq.MatchesSql;

namespace Casework.Directory;

/// <summary>A person's name and what they are to the school: what a reporter picks and a case shows instead of an id.</summary>
public sealed record DirectoryName(Guid Id, string Kind, string Name, int? YearGroup, bool HasLeft)
{
    public static DirectoryName Of(Person p) => p switch
    {
        { Staff: { } s } => new(p.Id, "staff", s.Name, null, s.HasLeft),
        { Pupil: { } s } => new(p.Id, "pupil", s.Name, s.YearGroup, s.HasLeft),
        _ => new(p.Id, "parent", p.Parent!.Name, null, p.Parent.HasLeft),
    };
}

/// <summary>
/// GET /api/directory/names: the names of the school's people, for anyone with a role in it (D2), since anyone
/// may report (R1) and must name the pupils or the member of staff involved. Names only: dates of birth, roles
/// and family links stay with the administrator (D1). By part of a name (<c>search</c>), by <c>id</c>, by <c>kind</c>, and
/// <c>current</c>: only those who have not left, as a reporter picks them.
/// </summary>
public static class FindPeopleByName
{
    public const int MaxIds = 200;

    private static readonly string[] Kinds = ["staff", "pupil", "parent"];

    public static void MapFindPeopleByName(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/directory/names", async Task<IResult> (
                string? kind, string? search, Guid[]? id, bool? current, Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
            {
                var caller = Caller.From(http);
                if (kind is not null && !Kinds.Contains(kind))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "kind is staff, pupil or parent.", "kind");
                }
                // No name holds a control character, and PostgreSQL text cannot hold NUL at all.
                if (search is not null && search.Any(char.IsControl))
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, "search holds a control character; no name does.", "search");
                }
                if (search is { Length: > TextLimits.Name })
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"search is at most {TextLimits.Name} characters.", "search");
                }
                if (id is { Length: > MaxIds })
                {
                    throw new CallerRefused(StatusCodes.Status400BadRequest, $"Ask for at most {MaxIds} ids at once.", "id");
                }
                var take = Paging.Limit(limit);

                await using var session = cases.Session(caller);
                var query = session.Query<Person>().AsQueryable();
                query = kind switch
                {
                    "staff" => query.Where(p => p.Staff != null),
                    "pupil" => query.Where(p => p.Pupil != null),
                    "parent" => query.Where(p => p.Parent != null),
                    _ => query,
                };
                if (id is { Length: > 0 })
                {
                    query = query.Where(p => p.Id.IsOneOf(id));
                }
                if (!string.IsNullOrWhiteSpace(search))
                {
                    query = Named(query, search.Trim());
                }
                if (current == true)
                {
                    // Filtered here, never after a page is read: a page of leavers would hide whoever is still at the school.
                    query = query.Where(p => (p.Staff != null && !p.Staff.HasLeft) || (p.Pupil != null && !p.Pupil.HasLeft) || (p.Parent != null && !p.Parent.HasLeft));
                }
                if (after is { } last)
                {
                    query = query.Where(p => p.MatchesSql("d.id > ?", last));
                }
                var page = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
                return TypedResults.Ok(new DirectoryPage<DirectoryName>([.. page.Take(take).Select(DirectoryName.Of)], page.Count > take ? page[take - 1].Id : null));
            })
            .WithName("list-people-names")
            .WithTags("Directory")
            .WithSummary("The names of the school's people, for anyone with a role in it (D2): by part of a name (`search`), by `id` (repeated, up to 200), by `kind` (staff, pupil, parent) and `current` (only those who have not left); paged by `after` and `limit`.")
            .Produces<DirectoryPage<DirectoryName>>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

    /// <summary>The people whose name holds <paramref name="part"/>, whatever its case: the directory's one name search (the case search uses it too).</summary>
    public static IQueryable<Person> Named(IQueryable<Person> query, string part) =>
        query.Where(p => (p.Staff != null && p.Staff.Name.Contains(part, StringComparison.OrdinalIgnoreCase))
            || (p.Pupil != null && p.Pupil.Name.Contains(part, StringComparison.OrdinalIgnoreCase))
            || (p.Parent != null && p.Parent.Name.Contains(part, StringComparison.OrdinalIgnoreCase)));
}
