using Casework.Cases;
using Casework.EventStore;
using Casework.Http;

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

/// <summary>The directory's version after a change, and how many events it recorded (0: it already said so).</summary>
public sealed record DirectoryChange(long Version, int Recorded);

/// <summary>
/// The school's directory (admin only, D1): staff with roles, pupils with date of birth and year group,
/// parents linked to pupils. PUT adds or corrects; DELETE records that the person has left.
/// </summary>
public static class DirectoryRoutes
{
    private const int Attempts = 3;

    public static void MapDirectory(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/directory").WithTags("Directory")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        directory.MapPut("/staff/{id:guid}", (Guid id, StaffMemberRequest body, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RecordStaffMember(actor, id, body.Name, body.Roles), ct))
            .WithName("put-staff-member").WithSummary("Add a member of staff, or change their name or roles.").Produces<DirectoryChange>();
        directory.MapDelete("/staff/{id:guid}", (Guid id, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RemoveStaffMember(actor, id), ct))
            .WithName("remove-staff-member").WithSummary("Record that a member of staff has left.").Produces<DirectoryChange>();
        directory.MapGet("/staff", (Guid? after, int? limit, HttpContext http, CommandRunner runner, CancellationToken ct) =>
                List(http, runner, s => s.Staff.Values, after, limit, ct))
            .WithName("list-staff").WithSummary("Staff with their roles, by id.")
            .Produces<DirectoryPage<SchoolDirectory.StaffMember>>();

        directory.MapPut("/pupils/{id:guid}", (Guid id, PupilRequest body, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RecordPupil(actor, id, body.Name, body.DateOfBirth, body.YearGroup, clock.GetUtcNow()), ct))
            .WithName("put-pupil").WithSummary("Add a pupil, or correct their details.").Produces<DirectoryChange>();
        directory.MapDelete("/pupils/{id:guid}", (Guid id, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RemovePupil(actor, id), ct))
            .WithName("remove-pupil").WithSummary("Record that a pupil has left.").Produces<DirectoryChange>();
        directory.MapGet("/pupils", (Guid? after, int? limit, HttpContext http, CommandRunner runner, CancellationToken ct) =>
                List(http, runner, s => s.Pupils.Values, after, limit, ct))
            .WithName("list-pupils").WithSummary("Pupils with date of birth and year group, by id.")
            .Produces<DirectoryPage<SchoolDirectory.Pupil>>();

        directory.MapPut("/parents/{id:guid}", (Guid id, ParentRequest body, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RecordParent(actor, id, body.Name, body.PupilIds), ct))
            .WithName("put-parent").WithSummary("Add a parent or carer linked to their pupils, or change them.").Produces<DirectoryChange>();
        directory.MapDelete("/parents/{id:guid}", (Guid id, HttpContext http, CommandRunner runner, TimeProvider clock, CancellationToken ct) =>
                Change(http, runner, clock, actor => new RemoveParent(actor, id), ct))
            .WithName("remove-parent").WithSummary("Remove a parent from the directory.").Produces<DirectoryChange>();
        directory.MapGet("/parents", (Guid? after, int? limit, HttpContext http, CommandRunner runner, CancellationToken ct) =>
                List(http, runner, s => s.Parents.Values, after, limit, ct))
            .WithName("list-parents").WithSummary("Parents with their linked pupils, by id.")
            .Produces<DirectoryPage<SchoolDirectory.Parent>>();
    }

    private static async Task<IResult> Change(HttpContext http, CommandRunner runner, TimeProvider clock, Func<Actor, IDirectoryCommand> command, CancellationToken ct)
    {
        var caller = Caller.From(http);
        var decide = command(caller.Actor);
        // No If-Match here: a directory change does not depend on what the admin last read, so a
        // concurrent change is simply decided again on the newer state.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await runner.RunAsync(CaseService.DirectoryStream(caller.Tenant), ExpectedVersion.Any, CaseService.SchoolDirectoryDecider,
                    state => SchoolDirectory.Decide(decide, state), CaseService.Metadata(caller), clock.GetUtcNow(), ct: ct);
                return TypedResults.Ok(new DirectoryChange(result.Version, result.Appended.Count));
            }
            catch (ConcurrencyConflict) when (attempt < Attempts)
            {
            }
        }
    }

    private static async Task<IResult> List<T>(HttpContext http, CommandRunner runner, Func<SchoolDirectory.State, IEnumerable<T>> items,
        Guid? after, int? limit, CancellationToken ct) where T : notnull
    {
        var caller = Caller.From(http);
        if (!caller.Actor.Has(Role.Admin))
        {
            throw new NotPermitted("D1", "Only an administrator may read the school's directory.");
        }
        var take = Paging.Limit(limit);
        var (state, _) = await runner.LoadAsync(CaseService.DirectoryStream(caller.Tenant), CaseService.SchoolDirectoryDecider, ct);
        var page = items(state).Select(i => (Id: IdOf(i), Item: i)).OrderBy(i => i.Id).Where(i => after is null || i.Id.CompareTo(after.Value) > 0).Take(take + 1).ToList();
        return TypedResults.Ok(new DirectoryPage<T>([.. page.Take(take).Select(i => i.Item)], page.Count > take ? page[take - 1].Id : null));
    }

    private static Guid IdOf(object item) => item switch
    {
        SchoolDirectory.StaffMember s => s.Id,
        SchoolDirectory.Pupil p => p.Id,
        SchoolDirectory.Parent p => p.Id,
        _ => throw new ArgumentOutOfRangeException(nameof(item)),
    };
}
