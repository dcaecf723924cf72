using Casework.Cases;

namespace Casework.Directory;

/// <summary>
/// A member of staff joins the directory, with what they do (<paramref name="JobTitle"/>, optional): the administrator
/// may give it, and a report that names someone the directory did not hold gives it, so an entry with a job title
/// says nothing about how it came to be there.
/// </summary>
/// <paramref name="SignIn"/>: the name they sign in with at the school's identity provider (ADR 31), lower case; none where they do not.
/// <paramref name="Email"/>: their work e-mail, where alerts for them go (ADR 37); none where not given.
/// <paramref name="DateOfBirth"/>: for an allegation's retention, kept until their normal retirement age (ADR 35); none where not given.
public sealed record StaffMemberAdded(Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null, string? SignIn = null, string? Email = null,
    DateOnly? DateOfBirth = null);

/// <summary>
/// A member of staff's name, roles, job title, sign-in name, work e-mail or date of birth changed; no job title, sign-in
/// name, e-mail or date of birth (as in changes stored before they existed) keeps the one recorded.
/// </summary>
public sealed record StaffMemberUpdated(Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null, string? SignIn = null, string? Email = null,
    DateOnly? DateOfBirth = null);

/// <summary>
/// The person left the school, on <paramref name="LeftOn"/> (none in events stored before it was recorded). Kept in
/// state: an allegation may concern someone who has left (R8), and a low-level concern is kept for a period after (ADR 35).
/// </summary>
public sealed record StaffMemberRemoved(Guid StaffId, DateOnly? LeftOn = null);

public sealed record PupilAdded(Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup);

public sealed record PupilUpdated(Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup);

public sealed record PupilRemoved(Guid PupilId);

public sealed record ParentAdded(Guid ParentId, string Name, ValueList<Guid> PupilIds);

public sealed record ParentUpdated(Guid ParentId, string Name, ValueList<Guid> PupilIds);

public sealed record ParentRemoved(Guid ParentId);
