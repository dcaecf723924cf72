using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// Add a member of staff, or change their name, roles, job title, sign-in name, work e-mail or date of birth (PUT
/// semantics; a job title, sign-in name, e-mail or date of birth left out keeps the one recorded). <paramref name="Now"/>
/// is when it is asked, for the date of birth's check.
/// </summary>
public sealed record RecordStaffMember(Actor Actor, Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null, string? SignIn = null, string? Email = null,
    DateOnly? DateOfBirth = null, DateTimeOffset Now = default) : IDirectoryCommand
{
    /// <summary>The youngest a member of staff can be: the age a young person may leave education for an apprenticeship or work.</summary>
    public const int YoungestAge = 16;

    /// <summary>The oldest: an older date of birth is a typing mistake, and it would decide an allegation's retention (ADR 35).</summary>
    public const int OldestAge = 100;

    /// <summary>Why a member of staff's date of birth cannot be right on <paramref name="today"/>; null when it can.</summary>
    public static string? DateOfBirthProblem(DateOnly dateOfBirth, DateOnly today) =>
        dateOfBirth >= today ? "A member of staff's date of birth must be in the past."
        : dateOfBirth > today.AddYears(-YoungestAge) ? $"A member of staff is at least {YoungestAge}: check the date of birth."
        : dateOfBirth <= today.AddYears(-OldestAge) ? $"A member of staff is younger than {OldestAge}: check the date of birth."
        : null;

    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known)
    {
        Require.Text(Name, "D2", "A member of staff needs a name.");
        Require.That(Roles.Count > 0, "D2", "A member of staff needs at least one role.");
        Require.That(JobTitle is null || !string.IsNullOrWhiteSpace(JobTitle), "D2", "A job title, when given, is not blank.");
        Require.That(SignIn is null || !string.IsNullOrWhiteSpace(SignIn), "D2", "A sign-in name, when given, is not blank.");
        Require.That(Email is null || IsEmail(Email), "D2", "A work e-mail, when given, is one address (name@school.example).");
        var dateOfBirth = DateOfBirth is { } born ? DateOfBirthProblem(born, Calendar.WorkingDayCalendar.LocalDate(Now)) : null;
        Require.That(dateOfBirth is null, "D2", dateOfBirth!);
        var roles = ValueList.From(Roles.Distinct().Order());
        var jobTitle = JobTitle?.Trim();
        var signIn = NormalSignIn(SignIn);
        var email = Email?.Trim();
        return SchoolDirectory.Put(known is not null,
            known == new SchoolDirectory.StaffMember(StaffId, Name, roles, false, jobTitle ?? known?.JobTitle, signIn ?? known?.SignIn, email ?? known?.Email,
                DateOfBirth ?? known?.DateOfBirth),
            () => new StaffMemberAdded(StaffId, Name, roles, jobTitle, signIn, email, DateOfBirth),
            () => new StaffMemberUpdated(StaffId, Name, roles, jobTitle, signIn, email, DateOfBirth));
    }

    /// <summary>One plain address, as an SMTP server takes it: no display name, no list, nothing around it.</summary>
    public static bool IsEmail(string text) =>
        System.Net.Mail.MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim() && address.DisplayName.Length == 0;

    /// <summary>A sign-in name as recorded and as looked up: trimmed and lower case, since providers do not agree on case.</summary>
    public static string? NormalSignIn(string? signIn) => signIn?.Trim().ToLowerInvariant();
}

/// <summary>Record that a member of staff has left the school, on the day it is recorded (<paramref name="Now"/>).</summary>
public sealed record RemoveStaffMember(Actor Actor, Guid StaffId, DateTimeOffset Now) : IDirectoryCommand
{
    public Guid PersonId => StaffId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.StaffMember? known) =>
        known is { HasLeft: false } ? [new StaffMemberRemoved(StaffId, Calendar.WorkingDayCalendar.LocalDate(Now))] : [];
}
