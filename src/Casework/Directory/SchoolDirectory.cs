using Casework.Cases;
using Casework.Http;

namespace Casework.Directory;

/// <summary>
/// The school's people, one stream per person (<see cref="Person"/>). Cases refer to them by id; routing
/// (who is the headteacher) and the under-13 test read them through <see cref="CaseContext"/>.
/// </summary>
public static class SchoolDirectory
{
    /// <summary>
    /// A member of staff; <paramref name="JobTitle"/>, what they do, set by the administrator or by a report that added them
    /// (supply staff, a contractor, a volunteer); <paramref name="SignIn"/>, the name they sign in with at the school's
    /// identity provider, lower case, which is how a token from the provider finds them (ADR 31); <paramref name="Email"/>,
    /// their work e-mail, where alerts for them are sent (ADR 37).
    /// </summary>
    public sealed record StaffMember(Guid Id, string Name, ValueList<Role> Roles, bool HasLeft, string? JobTitle = null, string? SignIn = null, string? Email = null,
        DateOnly? DateOfBirth = null, DateOnly? LeftOn = null);

    public sealed record Pupil(Guid Id, string Name, DateOnly DateOfBirth, int YearGroup, bool HasLeft);

    /// <summary>A parent or carer. One who is removed stays in the record of the cases that name them.</summary>
    public sealed record Parent(Guid Id, string Name, ValueList<Guid> PupilIds, bool HasLeft);

    /// <summary>Decides one change to one person, given that person as recorded (null: not yet in the directory).</summary>
    public static IReadOnlyList<object> Decide(IDirectoryCommand command, Person? known, IReadOnlySet<Guid> knownPupils) =>
        Refusal.Guard(AdminOnly(command.Actor), () => command switch
        {
            RecordStaffMember c => c.Decide(Same(known, known?.Staff, c.StaffId)),
            RemoveStaffMember c => c.Decide(Present(known?.Staff, "member of staff")),
            RecordPupil c => c.Decide(Same(known, known?.Pupil, c.PupilId)),
            RemovePupil c => c.Decide(Present(known?.Pupil, "pupil")),
            RecordParent c => c.Decide(Same(known, known?.Parent, c.ParentId), knownPupils),
            RemoveParent c => c.Decide(Present(known?.Parent, "parent")),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a directory command."),
        });

    // An id names one person of one kind: a pupil's id cannot be recorded as a member of staff.
    private static T? Same<T>(Person? known, T? asThisKind, Guid id) where T : class =>
        known is null || asThisKind is not null
            ? asThisKind
            : throw new RuleViolation("D4", $"The id {id} already names a {known.Kind} in the directory.");

    // Only someone recorded, as this kind, can leave: a pupil's id under /staff/ (or a case's id) names no one here.
    private static T Present<T>(T? asThisKind, string kind) where T : class =>
        asThisKind ?? throw new CallerRefused(StatusCodes.Status404NotFound, $"The directory holds no {kind} with this id.");

    // PUT semantics shared by staff, pupils and parents: add the unknown, update the changed, repeat nothing (R14).
    internal static IReadOnlyList<object> Put(bool known, bool unchanged, Func<object> added, Func<object> updated) =>
        !known ? [added()] : unchanged ? [] : [updated()];

    private static Refusal? AdminOnly(Actor actor) =>
        actor.Has(Role.Admin) ? null : Refusal.NotPermitted("D1", "Only an administrator may change the school's directory.");
}

/// <summary>A change to the directory, made by an administrator, about one person.</summary>
public interface IDirectoryCommand
{
    Actor Actor { get; }

    Guid PersonId { get; }
}
