using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a member of staff, or change their name or roles (PUT semantics).</summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles) : IDirectoryCommand
{
    internal IReadOnlyList<object> Decide(SchoolDirectory.State state)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        var roles = ValueList.From(Roles.Distinct().Order());
        var known = state.Staff.GetValueOrDefault(StaffId);
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false),
            () => new StaffMemberAdded(StaffId, Name, roles), () => new StaffMemberUpdated(StaffId, Name, roles));
    }
}

/// <summary>Record that a member of staff has left the school.</summary>
public sealed record RemoveStaffMember(Actor Actor, Guid StaffId) : IDirectoryCommand
{
    internal IReadOnlyList<object> Decide(SchoolDirectory.State state) =>
        state.Staff.TryGetValue(StaffId, out var known) && !known.HasLeft ? [new StaffMemberRemoved(StaffId)] : [];
}
