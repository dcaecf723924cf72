using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// Add a member of staff, or change their name, roles or job title (PUT semantics; a job title left out keeps
/// the one recorded).
/// </summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        Require.That(JobTitle is null || !string.IsNullOrWhiteSpace(JobTitle), "D2", "A job title, when given, is not blank.");
        var roles = ValueList.From(Roles.Distinct().Order());
        var jobTitle = JobTitle?.Trim();
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false, jobTitle ?? known?.JobTitle),
            () => new StaffMemberAdded(StaffId, Name, roles, jobTitle), () => new StaffMemberUpdated(StaffId, Name, roles, jobTitle));
    }
}

/// <summary>Record that a member of staff has left the school.</summary>
public sealed record RemoveStaffMember(Actor Actor, Guid StaffId) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known) =>
        known is { HasLeft: false } ? [new StaffMemberRemoved(StaffId)] : [];
}
