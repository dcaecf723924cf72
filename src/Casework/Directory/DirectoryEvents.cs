using Casework.Cases;

namespace Casework.Directory;

/// <summary>A member of staff joins the directory; <paramref name="JobTitle"/> when a report added someone the directory did not hold.</summary>
public sealed record StaffMemberAdded(Guid StaffId, string Name, ValueList<Role> Roles, string? JobTitle = null);

public sealed record StaffMemberUpdated(Guid StaffId, string Name, ValueList<Role> Roles);

/// <summary>The person left the school. Kept in state: an allegation may concern someone who has left (R8).</summary>
public sealed record StaffMemberRemoved(Guid StaffId);

public sealed record PupilAdded(Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup);

public sealed record PupilUpdated(Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup);

public sealed record PupilRemoved(Guid PupilId);

public sealed record ParentAdded(Guid ParentId, string Name, ValueList<Guid> PupilIds);

public sealed record ParentUpdated(Guid ParentId, string Name, ValueList<Guid> PupilIds);

public sealed record ParentRemoved(Guid ParentId);
