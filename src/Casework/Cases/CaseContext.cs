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
    /// <summary>The facts of the people a decision needs, as the directory holds them.</summary>
    public static CaseContext From(
        IEnumerable<Person> people,
        DeadlineSettings deadlines,
        WorkingDayCalendar calendar,
        StaffCyberbullyingPolice staffCyberbullyingPolice)
    {
        var known = people.DistinctBy(p => p.Id).ToList();
        return new(
            known.Where(p => p.Staff is not null).ToDictionary(p => p.Id, p => new StaffFacts(p.Id, p.Staff!.Roles.ToHashSet(), p.Staff.HasLeft)),
            known.Where(p => p.Pupil is not null).ToDictionary(p => p.Id, p => new PupilFacts(p.Id, p.Pupil!.DateOfBirth, p.Pupil.YearGroup)),
            known.Where(p => p.Parent is { HasLeft: false }).Select(p => p.Id).ToHashSet(),
            deadlines,
            calendar,
            staffCyberbullyingPolice);
    }

    /// <summary>With the school's default deadlines, calendar and policy (per-school settings come later).</summary>
    public static CaseContext Of(IEnumerable<Person> people) =>
        From(people, DeadlineSettings.Default, WorkingDayCalendar.EnglandAndWales, StaffCyberbullyingPolice.VictimDecides);

    /// <summary>
    /// The current holder of a role. Should a school record two (co-headship), the lowest id is taken
    /// so that routing is at least deterministic.
    /// </summary>
    public Guid? HolderOf(Role role) =>
        Staff.Values.Where(s => !s.HasLeft && s.Roles.Contains(role)).OrderBy(s => s.Id).Select(s => (Guid?)s.Id).FirstOrDefault();

    /// <summary>
    /// R4: whether the directory holds this person as the headteacher now (a member of staff still here with the
    /// role). The directory decides, never a token's roles; Guid.Empty (no one) is never anyone's id in it.
    /// </summary>
    public bool IsHeadteacher(Guid staffId) => Staff.TryGetValue(staffId, out var s) && !s.HasLeft && s.Roles.Contains(Role.Headteacher);

    /// <summary>
    /// An event as it will be stored (its personal content sealed, ADR 28), so that a decision comparing what it would
    /// record with what the case holds (a repeat, R14) compares like with like. Sealing is deterministic per case;
    /// where nothing is sealed (pure tests) an event is stored as it is.
    /// </summary>
    public Func<object, object> AsStored { get; init; } = e => e;

    public bool HasLeft(Guid staffId) => Staff.TryGetValue(staffId, out var s) && s.HasLeft;
}
