using Casework.Allegations;
using Casework.Calendar;
using Casework.Cases;
using System.Linq.Expressions;
using System.Text.Json.Serialization;
using Casework.Http;
using JasperFx.Events;
using Marten;
using JasperFx;
using Marten.Exceptions;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Marten;

namespace Casework.Directory;

/// <summary>
/// A member of staff: name, roles and, optionally, what they do and the name they sign in with at the school's identity
/// provider (e.g. their work e-mail; ADR 31), their work e-mail, where alerts for them are sent (ADR 37), and their date
/// of birth, which keeps an allegation about them until their normal retirement age (ADR 35). Left out, the job title,
/// sign-in name, e-mail or date of birth recorded stays.
/// </summary>
public sealed record StaffMemberRequest(
    [TextLimit(TextLimits.Name)] string Name,
    ValueList<Role> Roles,
    [TextLimit(TextLimits.Name)] string? JobTitle = null,
    [TextLimit(TextLimits.Name)] string? SignIn = null,
    [TextLimit(TextLimits.Name)] string? Email = null,
    DateOnly? DateOfBirth = null)
{
    public static StaffMemberRequest Example { get; } = new("Sam Head", [Role.Headteacher, Role.Staff], "Headteacher", "s.head@clarendon.sch.uk", "s.head@clarendon.sch.uk",
        new DateOnly(1974, 5, 21));

    /// <summary>400 naming the field (after <paramref name="prefix"/>, for an import's row) when the e-mail is not one address or the date of birth cannot be right.</summary>
    public void Check(DateTimeOffset now, string prefix = "")
    {
        if (Email is not null && !RecordStaffMember.IsEmail(Email))
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "A work e-mail is one address, such as name@school.example.", prefix + "email");
        }
        if (DateOfBirth is { } born && RecordStaffMember.DateOfBirthProblem(born, WorkingDayCalendar.LocalDate(now)) is { } dateOfBirth)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, dateOfBirth, prefix + "dateOfBirth");
        }
    }

    public RecordStaffMember ToCommand(Actor actor, Guid id, DateTimeOffset now) => new(actor, id, Name, Roles, JobTitle, SignIn, Email, DateOfBirth, now);
}

/// <summary>A pupil: a date of birth in the past and less than <see cref="RecordPupil.OldestAge"/> years ago, a year group from -1 (nursery) to 13.</summary>
public sealed record PupilRequest([TextLimit(TextLimits.Name)] string Name, DateOnly DateOfBirth, int YearGroup)
{
    public static PupilRequest Example { get; } = new("Amira Khan", new DateOnly(2014, 3, 9), 7);

    /// <summary>400 naming the field (after <paramref name="prefix"/>, for an import's row) when it cannot be a pupil's.</summary>
    public void Check(DateTimeOffset now, string prefix = "")
    {
        if (RecordPupil.DateOfBirthProblem(DateOfBirth, WorkingDayCalendar.LocalDate(now)) is { } dateOfBirth)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, dateOfBirth, prefix + "dateOfBirth");
        }
        if (RecordPupil.YearGroupProblem(YearGroup) is { } yearGroup)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, yearGroup, prefix + "yearGroup");
        }
    }
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
/// has left; changes to different people never conflict. Every write checks that the id is a person's, of the
/// route's kind: a case's id is 404, a DELETE of another kind is 404, a PUT of another kind is 422 (D4). A PUT or DELETE may carry If-Match with the
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

        directory.MapPut("/staff/{id:guid}", (Guid id, StaffMemberRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor =>
                {
                    body.Check(cases.Now);
                    return body.ToCommand(actor, id, cases.Now);
                }, ct))
            .WithName("put-staff-member").WithSummary("Add a member of staff, or change their name or roles.").Changes();
        directory.MapDelete("/staff/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor => new RemoveStaffMember(actor, id, cases.Now), ct))
            .WithName("remove-staff-member").WithSummary("Record that a member of staff has left.").Changes();
        directory.MapGet("/staff", (Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
                List(http, cases, p => p.Staff != null, p => p.Staff!, after, limit, ct))
            .WithName("list-staff").WithSummary("Staff with their roles, by id.")
            .Produces<DirectoryPage<SchoolDirectory.StaffMember>>();

        directory.MapPut("/pupils/{id:guid}", (Guid id, PupilRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor =>
                {
                    body.Check(cases.Now);
                    return new RecordPupil(actor, id, body.Name, body.DateOfBirth, body.YearGroup, cases.Now);
                }, ct))
            .WithName("put-pupil").WithSummary("Add a pupil, or correct their details.").Changes();
        directory.MapDelete("/pupils/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor => new RemovePupil(actor, id), ct))
            .WithName("remove-pupil").WithSummary("Record that a pupil has left.").Changes();
        directory.MapGet("/pupils", (Guid? after, int? limit, HttpContext http, CaseService cases, CancellationToken ct) =>
                List(http, cases, p => p.Pupil != null, p => p.Pupil!, after, limit, ct))
            .WithName("list-pupils").WithSummary("Pupils with date of birth and year group, by id.")
            .Produces<DirectoryPage<SchoolDirectory.Pupil>>();

        directory.MapPut("/parents/{id:guid}", (Guid id, ParentRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor => new RecordParent(actor, id, body.Name, body.PupilIds), ct))
            .WithName("put-parent").WithSummary("Add a parent or carer linked to their pupils, or change them.").Changes();
        directory.MapDelete("/parents/{id:guid}", (Guid id, [FromHeader(Name = "If-Match")] string? ifMatch, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct) =>
                Change(http, cases, outbox, ifMatch, actor => new RemoveParent(actor, id), ct))
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
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    private static async Task<IResult> Change(HttpContext http, CaseService cases, IMartenOutbox outbox, string? ifMatch, Func<Actor, IDirectoryCommand> make, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var command = make(caller.Actor);
        if (command.PersonId == Guid.Empty)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "An id of all zeros names no one: give the person's own id.", "id");
        }
        long? expected = ifMatch is null ? null : CaseEndpoints.ParseIfMatch(ifMatch);
        for (var attempt = 1; ; attempt++)
        {
            await using var session = cases.Session(caller);
            try
            {
                var stream = expected is { } version
                    ? await session.Events.FetchForWriting<Person>(command.PersonId, version, ct)
                    : await session.Events.FetchForWriting<Person>(command.PersonId, ct);
                var before = stream.CurrentVersion ?? 0;
                if (stream.Aggregate is null && before > 0)
                {
                    throw NotAPerson();
                }
                var pupils = command is RecordParent parent ? await KnownPupilsAsync(session, parent.PupilIds, ct) : new HashSet<Guid>();
                var events = SchoolDirectory.Decide(command, stream.Aggregate, pupils);
                stream.AppendMany(events);
                await RouteAllegationsIfHeadshipChangedAsync(outbox, session, caller, stream.Aggregate, command.PersonId, before, events);
                await session.SaveChangesAsync(ct);
                // The version the person had when read, plus what this change appended: what an If-Match must send next.
                http.Response.Headers.ETag = CaseEndpoints.ETag(before + events.Count);
                return TypedResults.Ok(new DirectoryChange(before + events.Count, events.Count));
            }
            catch (Exception e) when (IsLostRace(e))
            {
                // With If-Match the admin decided on what they saw; without it the change is decided again on the newer person.
                if (expected is not null || attempt == Attempts)
                {
                    await using var fresh = cases.Session(caller);
                    var state = await fresh.Events.FetchStreamStateAsync(command.PersonId, ct);
                    if (state is not null && await fresh.LoadAsync<Person>(command.PersonId, ct) is null)
                    {
                        throw NotAPerson();
                    }
                    throw new StaleVersion(state?.Version ?? 0);
                }
            }
        }
    }

    // The directory writes only into people's streams: an id whose stream holds no person (a case's) is no one here.
    private static CallerRefused NotAPerson() =>
        new(StatusCodes.Status404NotFound, "The directory holds no person with this id.");

    // Two requests wrote the same person at once. Marten reports the lost race as a ConcurrencyException, a stream id
    // collision, or (Quick append with the inline projection) PostgreSQL's unique violation, possibly wrapped.
    private static bool IsLostRace(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
        {
            if (x is ConcurrencyException or JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException or DocumentAlreadyExistsException
                or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// R4, routing follows the directory (ADR 14): when this change makes the person the headteacher, or stops them
    /// being it, a message in the same transaction (Wolverine's outbox) re-routes the open allegations about them
    /// afterwards. It is sent whether or not any case is about them: the answer does not depend on cases.
    /// </summary>
    private static async Task RouteAllegationsIfHeadshipChangedAsync(IMartenOutbox outbox, IDocumentSession session, Caller caller,
        Person? before, Guid id, long version, IReadOnlyList<object> events)
    {
        var after = events.Select((e, i) => (e, i)).Aggregate(before, (p, x) => Person.Fold(p, id, version + x.i + 1, x.e));
        if (IsHeadteacher(before) != IsHeadteacher(after))
        {
            if (outbox.Session != session)
            {
                outbox.Enroll(session);
            }
            await outbox.SendAsync(new RouteAllegationsAbout(caller.Tenant, id), new Wolverine.DeliveryOptions { TenantId = caller.Tenant });
        }
    }

    private static bool IsHeadteacher(Person? person) => person is not null && CaseContext.Of([person]).IsHeadteacher(person.Id);

    private static async Task<IResult> Import([FromBody] DirectoryImport body, HttpContext http, CaseService cases, IMartenOutbox outbox, CancellationToken ct)
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
        foreach (var (row, index) in people.Select((p, i) => (p, i)))
        {
            if (row.Id == Guid.Empty)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, "An id of all zeros names no one: give the person's own id.", $"people[{index}].id");
            }
            row.Pupil?.Check(cases.Now, $"people[{index}].pupil.");
            row.Staff?.Check(cases.Now, $"people[{index}].staff.");
        }

        await using var session = cases.Session(caller);
        var known = (await session.LoadManyAsync<Person>(ct, people.Select(p => p.Id))).ToDictionary(p => p.Id);
        var notPeople = await StreamsAsync(session, people.Select(p => p.Id).Where(id => !known.ContainsKey(id)), ct);
        if (people.Select((p, i) => (p, i)).FirstOrDefault(x => notPeople.Contains(x.p.Id)) is { p: not null } taken)
        {
            throw new CallerRefused(StatusCodes.Status400BadRequest, "This id is not a person's: give the person's own id.", $"people[{taken.i}].id");
        }
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
                { Staff: { } s, Pupil: null, Parent: null } => s.ToCommand(caller.Actor, row.Id, cases.Now),
                { Pupil: { } p, Staff: null, Parent: null } => new RecordPupil(caller.Actor, row.Id, p.Name, p.DateOfBirth, p.YearGroup, cases.Now),
                { Parent: { } p, Staff: null, Pupil: null } => new RecordParent(caller.Actor, row.Id, p.Name, p.PupilIds),
                _ => throw new CallerRefused(StatusCodes.Status400BadRequest, "Each row has exactly one of staff, pupil or parent.", $"people[{index}]"),
            };
            IReadOnlyList<object> events;
            var person = known.GetValueOrDefault(row.Id);
            try
            {
                events = SchoolDirectory.Decide(command, person, pupils);
            }
            catch (RuleViolation refused)
            {
                throw new CallerRefused(StatusCodes.Status400BadRequest, $"{refused.Message} ({refused.Rule})", $"people[{index}]");
            }
            if (events.Count == 0)
            {
                continue;
            }
            if (person is not null)
            {
                session.Events.Append(row.Id, person.Version + events.Count, [.. events]);
            }
            else
            {
                session.Events.StartStream<Person>(row.Id, events);
            }
            await RouteAllegationsIfHeadshipChangedAsync(outbox, session, caller, person, row.Id, person?.Version ?? 0, events);
            changed++;
            recorded += events.Count;
        }
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (IsLostRace(e))
        {
            throw new CallerRefused(StatusCodes.Status409Conflict,
                "Someone changed one of these people while the import ran; nothing was imported. Send the import again.", "body");
        }
        return TypedResults.Ok(new DirectoryImportResult(people.Count, changed, recorded));
    }

    // Which of these ids already name a stream of this school (one query, parameterised): for ids no person has, a case's.
    private static async Task<IReadOnlySet<Guid>> StreamsAsync(IQuerySession session, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.ToArray();
        if (wanted.Length == 0)
        {
            return new HashSet<Guid>();
        }
        var streams = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams";
        var people = session.DocumentStore.Options.Schema.For<Person>();
        // One statement, one snapshot: a person's stream and document commit together, so a stream with no person beside
        // it is not a person's, even while another request is adding that person.
        return (await session.AdvancedSql.QueryAsync<Guid>(
            $"select s.id from {streams} s where s.tenant_id = ? and s.id = any(?) and not exists (select 1 from {people} p where p.tenant_id = s.tenant_id and p.id = s.id)",
            ct, session.TenantId, wanted)).ToHashSet();
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
