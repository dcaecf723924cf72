using Casework.Directory;
using Casework.SchoolPolicies;

namespace Casework.Cases;

/// <summary>
/// A member of staff's facts a decision needs; their date of birth and the day they left where the directory holds them
/// (an allegation's and a low-level concern's retention, ADR 35).
/// </summary>
public sealed record StaffFacts(Guid Id, IReadOnlySet<Role> Roles, bool HasLeft, DateOnly? DateOfBirth = null, DateOnly? LeftOn = null);

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
/// Facts a decision needs from outside the case's stream, built by the API from the directory and the school's
/// settings, so Decide stays pure. The settings reach a decision through the case (<see cref="SharedState.Policy"/>):
/// the API records the version in force on the case before it decides (<see cref="School"/>, ADR 32).
/// </summary>
public sealed record CaseContext(
    IReadOnlyDictionary<Guid, StaffFacts> Staff,
    IReadOnlyDictionary<Guid, PupilFacts> Pupils,
    IReadOnlySet<Guid> Parents,
    SchoolPolicy School)
{
    /// <summary>The facts of the people a decision needs, as the directory holds them, and the school's settings over time.</summary>
    public static CaseContext Of(IEnumerable<Person> people, SchoolPolicy? school = null)
    {
        var known = people.DistinctBy(p => p.Id).ToList();
        return new(
            known.Where(p => p.Staff is not null).ToDictionary(p => p.Id, p => new StaffFacts(p.Id, p.Staff!.Roles.ToHashSet(), p.Staff.HasLeft, p.Staff.DateOfBirth, p.Staff.LeftOn)),
            known.Where(p => p.Pupil is not null).ToDictionary(p => p.Id, p => new PupilFacts(p.Id, p.Pupil!.DateOfBirth, p.Pupil.YearGroup)),
            known.Where(p => p.Parent is { HasLeft: false }).Select(p => p.Id).ToHashSet(),
            school ?? SchoolPolicy.None);
    }

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
