using System.Collections.Immutable;
using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// The school's people, one stream per tenant (<c>directory-{tenant}</c>). Cases refer to them by id;
/// routing (who is the headteacher) and the under-13 test read them through <see cref="CaseContext"/>.
/// </summary>
public static class SchoolDirectory
{
    public sealed record StaffMember(Guid Id, string Name, ValueList<Role> Roles, bool HasLeft);

    public sealed record Pupil(Guid Id, string Name, DateOnly DateOfBirth, int YearGroup, bool HasLeft);

    public sealed record Parent(Guid Id, string Name, ValueList<Guid> PupilIds);

    public sealed record State(
        ImmutableDictionary<Guid, StaffMember> Staff,
        ImmutableDictionary<Guid, Pupil> Pupils,
        ImmutableDictionary<Guid, Parent> Parents);

    public static State Initial { get; } = new([], [], []);

    public static State Evolve(State state, object @event) => @event switch
    {
        StaffMemberAdded e => state with { Staff = state.Staff.SetItem(e.StaffId, new(e.StaffId, e.Name, e.Roles, false)) },
        StaffMemberUpdated e => state with { Staff = state.Staff.SetItem(e.StaffId, new(e.StaffId, e.Name, e.Roles, false)) },
        StaffMemberRemoved e when state.Staff.TryGetValue(e.StaffId, out var s) =>
            state with { Staff = state.Staff.SetItem(e.StaffId, s with { HasLeft = true }) },
        PupilAdded e => state with { Pupils = state.Pupils.SetItem(e.PupilId, new(e.PupilId, e.Name, e.DateOfBirth, e.YearGroup, false)) },
        PupilUpdated e => state with { Pupils = state.Pupils.SetItem(e.PupilId, new(e.PupilId, e.Name, e.DateOfBirth, e.YearGroup, false)) },
        PupilRemoved e when state.Pupils.TryGetValue(e.PupilId, out var p) =>
            state with { Pupils = state.Pupils.SetItem(e.PupilId, p with { HasLeft = true }) },
        ParentAdded e => state with { Parents = state.Parents.SetItem(e.ParentId, new(e.ParentId, e.Name, e.PupilIds)) },
        ParentUpdated e => state with { Parents = state.Parents.SetItem(e.ParentId, new(e.ParentId, e.Name, e.PupilIds)) },
        ParentRemoved e => state with { Parents = state.Parents.Remove(e.ParentId) },
        _ => state,
    };

    public static IReadOnlyList<object> Decide(IDirectoryCommand command, State state) =>
        Refusal.Guard(AdminOnly(command.Actor), () => command switch
        {
            RecordStaffMember c => c.Decide(state),
            RemoveStaffMember c => c.Decide(state),
            RecordPupil c => c.Decide(state),
            RemovePupil c => c.Decide(state),
            RecordParent c => c.Decide(state),
            RemoveParent c => c.Decide(state),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a directory command."),
        });

    // PUT semantics shared by staff, pupils and parents: add the unknown, update the changed, repeat nothing (R14).
    internal static IReadOnlyList<object> Put(bool known, bool unchanged, Func<object> added, Func<object> updated) =>
        !known ? [added()] : unchanged ? [] : [updated()];

    private static Refusal? AdminOnly(Actor actor) =>
        actor.Has(Role.Admin) ? null : Refusal.NotPermitted("D1", "Only an administrator may change the school's directory.");
}

/// <summary>A change to the directory, made by an administrator.</summary>
public interface IDirectoryCommand
{
    Actor Actor { get; }
}
