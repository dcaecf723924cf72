using Casework.Cases;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Casework.Http;
using JasperFx.Events;
using Marten;
using JasperFx;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Mvc;

namespace Casework.Directory;

public sealed record StaffMemberRequest([TextLimit(TextLimits.Name)] string Name, ValueList<Role> Roles)
{
    public static StaffMemberRequest Example { get; } = new("Sam Head", [Role.Headteacher, Role.Staff]);
}

public sealed record PupilRequest([TextLimit(TextLimits.Name)] string Name, DateOnly DateOfBirth, int YearGroup)
{
    public static PupilRequest Example { get; } = new("Amira Khan", new DateOnly(2014, 3, 9), 7);
}

public sealed record ParentRequest([TextLimit(TextLimits.Name)] string Name, ValueList<Guid> PupilIds)
{
    public static ParentRequest Example { get; } = new("Jo Khan", [Guid.Parse("0b7e9f6c-3d4a-4e1b-9a53-2f1c8d7e6a51")]);
}

public sealed record DirectoryPage<T>(IReadOnlyList<T> Items, Guid? Next);

/// <summary>The person's version after a change, and how many events it recorded (0: it already said so).</summary>
public sealed record DirectoryChange(long Version, int Recorded);

/// <summary>One row of a bulk import: a person's id and exactly one of their details as staff, pupil or parent.</summary>
public sealed record ImportedPerson(
    Guid Id,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] StaffMemberRequest? Staff = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] PupilRequest? Pupil = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ParentRequest? Parent = null);

/// <summary>A school's people from its information system, in one request.</summary>
public sealed record DirectoryImport(ValueList<ImportedPerson> People)
{
    public static DirectoryImport Example { get; } = new(
    [
        new(Guid.Parse("0b7e9f6c-3d4a-4e1b-9a53-2f1c8d7e6a51"), Pupil: PupilRequest.Example),
        new(Guid.Parse("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"), Parent: ParentRequest.Example),
        new(Guid.Parse("0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"), Staff: StaffMemberRequest.Example),
    ]);
}

/// <summary>What a bulk import did: how many people it read, and how many it added or changed (the rest were unchanged).</summary>
public sealed record DirectoryImportResult(int People, int Changed, int Recorded);

/// <summary>
/// The school's directory (admin only, D1): staff with roles, pupils with date of birth and year group,
/// parents linked to pupils, one stream per person. PUT adds or corrects, DELETE records that the person
/// has left; changes to different people never conflict. A PUT or DELETE may carry If-Match with the
/// person's version; without it a concurrent change to the same person is simply decided again.
/// A bulk import loads a school's people from its information system in one request, all or nothing.
/// </summary>
public static class DirectoryRoutes
{
    private const int Attempts = 3;
    private const int MaxImport = 5000;

    public static void MapDirectory(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/directory").WithTags("Directory")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        directory.MapPut("/staff/{id:guid}", (Guid id, StaffMemberRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RecordStaffMember(actor, id, body.Name, body.Roles), ct))
            .WithName("put-staff-member").WithSummary("Add a member of staff, or change their name or roles.").Changes();
        directory.MapDelete("/staff/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RemoveStaffMember(actor, id), ct))
            .WithName("remove-staff-member").WithSummary("Record that a member of staff has left.").Changes();
        directory.MapGet("/staff", (Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
                List(http, cases, p => p.Staff != null, p => p.Staff!, after, limit, ct))
            .WithName("list-staff").WithSummary("Staff with their roles, by id.")
            .Produces<DirectoryPage<SchoolDirectory.StaffMember>>();

        directory.MapPut("/pupils/{id:guid}", (Guid id, PupilRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RecordPupil(actor, id, body.Name, body.DateOfBirth, body.YearGroup, cases.Now), ct))
            .WithName("put-pupil").WithSummary("Add a pupil, or correct their details.").Changes();
        directory.MapDelete("/pupils/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RemovePupil(actor, id), ct))
            .WithName("remove-pupil").WithSummary("Record that a pupil has left.").Changes();
        directory.MapGet("/pupils", (Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
                List(http, cases, p => p.Pupil != null, p => p.Pupil!, after, limit, ct))
            .WithName("list-pupils").WithSummary("Pupils with date of birth and year group, by id.")
            .Produces<DirectoryPage<SchoolDirectory.Pupil>>();

        directory.MapPut("/parents/{id:guid}", (Guid id, ParentRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RecordParent(actor, id, body.Name, body.PupilIds), ct))
            .WithName("put-parent").WithSummary("Add a parent or carer linked to their pupils, or change them.").Changes();
        directory.MapDelete("/parents/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, CancellationToken ct) =>
                Change(http, cases, ifMatch, actor => new RemoveParent(actor, id), ct))
            .WithName("remove-parent").WithSummary("Record that a parent has left the school's community.").Changes();
        directory.MapGet("/parents", (Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
                List(http, cases, p => p.Parent != null, p => p.Parent!, after, limit, ct))
            .WithName("list-parents").WithSummary("Parents with their linked pupils, by id.")
            .Produces<DirectoryPage<SchoolDirectory.Parent>>();

        directory.MapPost("/import", Import)
            .WithName("import-directory")
            .WithSummary($"Add or correct up to {MaxImport} people in one request, all or nothing: each row is an id with exactly one of staff, pupil or parent. Rows already recorded as given record nothing; a bad row is named in the 400.")
            .WithMetadata(new RequestSizeLimitAttribute(8 * 1024 * 1024))
            .Produces<DirectoryImportResult>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static RouteHandlerBuilder Changes(this RouteHandlerBuilder route) => route
        .Produces<DirectoryChange>()
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Change(HttpContext http, CaseService cases, string? ifMatch, Func<Actor, IDirectoryCommand> make, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var command = make(caller.Actor);
        long? expected = ifMatch is null ? null : CaseEndpoints.ParseIfMatch(ifMatch);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = cases.Session(caller);
            try
            {
                var stream = expected is { } version
                    ? await session.Events.FetchForWriting<Person>(command.PersonId, version, ct)
                    : await session.Events.FetchForWriting<Person>(command.PersonId, ct);
                var pupils = command is RecordParent parent ? await KnownPupilsAsync(session, parent.PupilIds, ct) : new HashSet<Guid>();
                var events = SchoolDirectory.Decide(command, stream.Aggregate, pupils);
                stream.AppendMany(events);
                await session.SaveChangesAsync(ct);
                http.Response.Headers.ETag = CaseEndpoints.ETag((stream.CurrentVersion ?? 0) + events.Count);
                return TypedResults.Ok(new DirectoryChange((stream.CurrentVersion ?? 0) + events.Count, events.Count));
            }
            catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException)
            {
                // With If-Match the admin decided on what they saw; without it the change is decided again on the newer person.
                if (expected is not null || attempt == Attempts)
                {
                    await using var fresh = cases.Session(caller);
                    throw new StaleVersion((await fresh.Events.FetchStreamStateAsync(command.PersonId, ct))?.Version ?? 0);
                }
            }
        }
    }

    private static async Task<IResult> Import([FromBody] DirectoryImport body, HttpContext http, CaseService cases, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var people = body.People;
        if (people.Count is 0 or > MaxImport)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, $"An import holds 1 to {MaxImport} people.", "people");
        }
        if (people.Select((p, i) => (p, i)).GroupBy(x => x.p.Id).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, $"The id {twice.Key} appears in more than one row.", $"people[{twice.Skip(1).First().i}].id");
        }

        await using var session = cases.Session(caller);
        var known = (await session.LoadManyAsync<Person>(ct, people.Select(p => p.Id))).ToDictionary(p => p.Id);
        var linked = people.SelectMany(p => p.Parent?.PupilIds ?? []).Except(known.Keys).Except(people.Where(p => p.Pupil is not null).Select(p => p.Id));
        var pupils = known.Values.Where(p => p.Pupil is not null).Select(p => p.Id)
            .Concat(people.Where(p => p.Pupil is not null).Select(p => p.Id))
            .Concat(await KnownPupilsAsync(session, linked, ct)).ToHashSet();

        var changed = 0;
        var recorded = 0;
        foreach (var (row, index) in people.Select((p, i) => (p, i)))
        {
            IDirectoryCommand command = row switch
            {
                { Staff: { } s, Pupil: null, Parent: null } => new RecordStaffMember(caller.Actor, row.Id, s.Name, s.Roles),
                { Pupil: { } p, Staff: null, Parent: null } => new RecordPupil(caller.Actor, row.Id, p.Name, p.DateOfBirth, p.YearGroup, cases.Now),
                { Parent: { } p, Staff: null, Pupil: null } => new RecordParent(caller.Actor, row.Id, p.Name, p.PupilIds),
                _ => throw new CallerRefused(StatusCodes.Status400BadRequest, "Each row has exactly one of staff, pupil or parent.", $"people[{index}]"),
            };
            IReadOnlyList<object> events;
            try
            {
                events = SchoolDirectory.Decide(command, known.GetValueOrDefault(row.Id), pupils);
            }
            catch (RuleViolation refused)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, $"{refused.Message} ({refused.Rule})", $"people[{index}]");
            }
            if (events.Count == 0)
            {
                continue;
            }
            if (known.TryGetValue(row.Id, out var person))
            {
                session.Events.Append(row.Id, person.Version + events.Count, [.. events]);
            }
            else
            {
                session.Events.StartStream<Person>(row.Id, events);
            }
            changed++;
            recorded += events.Count;
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is ConcurrencyException or ExistingStreamIdCollisionException)
        {
            throw new CallerRefused(StatusCodes.Status409Conflict,
                "Someone changed one of these people while the import ran; nothing was imported. Send the import again.", "body");
        }
        return TypedResults.Ok(new DirectoryImportResult(people.Count, changed, recorded));
    }

    private static async Task<IReadOnlySet<Guid>> KnownPupilsAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        return wanted.Length == 0
            ? new HashSet<Guid>()
            : (await session.LoadManyAsync<Person>(ct, wanted)).Where(p => p.Pupil is { HasLeft: false }).Select(p => p.Id).ToHashSet();
    }

    private static async Task<IResult> List<T>(HttpContext http, CaseService cases, Expression<Func<Person, bool>> kind, Func<Person, T> item,
        Guid? after, int? limit, CancellationToken ct) where T : notnull
    {
        var caller = Caller.From(http);
        if (!caller.Actor.Has(Role.Admin))
        {
            throw new NotPermitted("D1", "Only an administrator may read the school's directory.");
        }
        var take = Paging.Limit(limit);
        await using var session = cases.Session(caller);
        var query = session.Query<Person>().Where(kind);
        if (after is { } last)
        {
            query = query.Where(p => p.MatchesSql("d.id > ?", last));
        }
        var page = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(new DirectoryPage<T>([.. page.Take(take).Select(item)], page.Count > take ? page[take - 1].Id : null));
    }
}
