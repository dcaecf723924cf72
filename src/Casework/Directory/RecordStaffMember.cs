using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// Add a member of staff, or change their name, roles, job title or sign-in name (PUT semantics; a job title or
/// sign-in name left out keeps the one recorded).
/// </summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null, string? SignIn = null) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        Require.That(JobTitle is null || !string.IsNullOrWhiteSpace(JobTitle), "D2", "A job title, when given, is not blank.");
        Require.That(SignIn is null || !string.IsNullOrWhiteSpace(SignIn), "D2", "A sign-in name, when given, is not blank.");
        var roles = ValueList.From(Roles.Distinct().Order());
        var jobTitle = JobTitle?.Trim();
        var signIn = NormalSignIn(SignIn);
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false, jobTitle ?? known?.JobTitle, signIn ?? known?.SignIn),
            () => new StaffMemberAdded(StaffId, Name, roles, jobTitle, signIn), () => new StaffMemberUpdated(StaffId, Name, roles, jobTitle, signIn));
    }

    /// <summary>A sign-in name as recorded and as looked up: trimmed and lower case, since providers do not agree on case.</summary>
    public static string? NormalSignIn(string? signIn) => signIn?.Trim().ToLowerInvariant();
}

/// <summary>Record that a member of staff has left the school.</summary>
public sealed record RemoveStaffMember(Actor Actor, Guid StaffId) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known) =>
        known is { HasLeft: false } ? [new StaffMemberRemoved(StaffId)] : [];
}
