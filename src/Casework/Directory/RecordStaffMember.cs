using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a member of staff, or change their name or roles (PUT semantics).</summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        var roles = ValueList.From(Roles.Distinct().Order());
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false, known?.JobTitle),
            () => new StaffMemberAdded(StaffId, Name, roles), () => new StaffMemberUpdated(StaffId, Name, roles));
    }
}

/// <summary>Record that a member of staff has left the school.</summary>
public sealed record RemoveStaffMember(Actor Actor, Guid StaffId) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known) =>
        known is { HasLeft: false } ? [new StaffMemberRemoved(StaffId)] : [];
}
