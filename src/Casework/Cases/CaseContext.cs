using Casework.Calendar;
using Casework.Directory;

namespace Casework.Cases;

/// <summary>What a school's policy leaves open (DOMAIN.md "Later": per-school policy settings).</summary>
public enum StaffCyberbullyingPolice
{
    /// <summary>Cranborne 2.8.5: the victim decides whether the police are told.</summary>
    VictimDecides,

    /// <summary>St Thomas 8.4: staff cyberbullying is always reported to the police.</summary>
    Required,
}

public sealed record StaffFacts(Guid Id, IReadOnlySet<Role> Roles, bool HasLeft);

public sealed record PupilFacts(Guid Id, DateOnly DateOfBirth, int YearGroup)
{
    public int AgeOn(DateOnly day)
    {
        var age = day.Year - DateOfBirth.Year;
        // The birthday in that year; someone born on 29 February has it on 1 March in other years.
        var birthday = new DateOnly(day.Year, DateOfBirth.Month, 1).AddDays(DateOfBirth.Day - 1);
        return birthday > day ? age - 1 : age;
    }
}

/// <summary>
/// Facts a decision needs from outside the case's stream, built by the API from the directory and the
/// tenant's settings, so Decide stays pure.
/// </summary>
public sealed record CaseContext(
    IReadOnlyDictionary<Guid, StaffFacts> Staff,
    IReadOnlyDictionary<Guid, PupilFacts> Pupils,
    IReadOnlySet<Guid> Parents,
    DeadlineSettings Deadlines,
    WorkingDayCalendar Calendar,
    StaffCyberbullyingPolice StaffCyberbullyingPolice)
{
    public static CaseContext From(
        SchoolDirectory.State directory,
        DeadlineSettings deadlines,
        WorkingDayCalendar calendar,
        StaffCyberbullyingPolice staffCyberbullyingPolice) =>
        new(
            directory.Staff.Values.ToDictionary(s => s.Id, s => new StaffFacts(s.Id, s.Roles.ToHashSet(), s.HasLeft)),
            directory.Pupils.Values.ToDictionary(p => p.Id, p => new PupilFacts(p.Id, p.DateOfBirth, p.YearGroup)),
            directory.Parents.Keys.ToHashSet(),
            deadlines,
            calendar,
            staffCyberbullyingPolice);

    /// <summary>
    /// The current holder of a role. Should a school record two (co-headship), the lowest id is taken
    /// so that routing is at least deterministic.
    /// </summary>
    public Guid? HolderOf(Role role) =>
        Staff.Values.Where(s => !s.HasLeft && s.Roles.Contains(role)).OrderBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefault();

    public bool HasRole(Guid staffId, Role role) => Staff.TryGetValue(staffId, out var s) && s.Roles.Contains(role);

    public bool HasLeft(Guid staffId) => Staff.TryGetValue(staffId, out var s) && s.HasLeft;
}
