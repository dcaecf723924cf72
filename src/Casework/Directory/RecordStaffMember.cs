using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// Add a member of staff, or change their name, roles, job title, sign-in name or work e-mail (PUT semantics; a job
/// title, sign-in name or e-mail left out keeps the one recorded).
/// </summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null, string? SignIn = null, string? Email = null) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        Require.That(JobTitle is null || !string.IsNullOrWhiteSpace(JobTitle), "D2", "A job title, when given, is not blank.");
        Require.That(SignIn is null || !string.IsNullOrWhiteSpace(SignIn), "D2", "A sign-in name, when given, is not blank.");
        Require.That(Email is null || IsEmail(Email), "D2", "A work e-mail, when given, is one address (name@school.example).");
        var roles = ValueList.From(Roles.Distinct().Order());
        var jobTitle = JobTitle?.Trim();
        var signIn = NormalSignIn(SignIn);
        var email = Email?.Trim();
        return SchoolDirectory.Put(known is not null,
            known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false, jobTitle ?? known?.JobTitle, signIn ?? known?.SignIn, email ?? known?.Email),
            () => new StaffMemberAdded(StaffId, Name, roles, jobTitle, signIn, email), () => new StaffMemberUpdated(StaffId, Name, roles, jobTitle, signIn, email));
    }

    /// <summary>One plain address, as an SMTP server takes it: no display name, no list, nothing around it.</summary>
    public static bool IsEmail(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim() && address.DisplayName.Length == 0;

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
