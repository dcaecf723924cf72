using Casework.Calendar;
using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a pupil, or correct their details. Year group: -1 nursery, 0 reception, 1 to 13.</summary>
public sealed record RecordPupil(Actor Actor, Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup, DateTimeOffset Now) : IDirectoryCommand
{
    /// <summary>
    /// The oldest a pupil can be: a young person with an education, health and care plan may stay in education
    /// until 25 (Children and Families Act 2014, ADR 14). An older date of birth is a typing mistake, and it would
    /// decide retention (until the 25th birthday) and R9's under-13 test wrongly.
    /// </summary>
    public const int OldestAge = 25;

    public Guid PersonId => PupilId;

    /// <summary>Why a pupil's date of birth cannot be right on <paramref name="today"/>; null when it can.</summary>
    public static string? DateOfBirthProblem(DateOnly dateOfBirth, DateOnly today) =>
        dateOfBirth >= today ? "A pupil's date of birth must be in the past."
        : dateOfBirth <= today.AddYears(-OldestAge) ? $"A pupil is younger than {OldestAge}: check the date of birth."
        : null;

    /// <summary>Why a year group cannot be right; null when it can.</summary>
    public static string? YearGroupProblem(int yearGroup) =>
        yearGroup is >= -1 and <= 13 ? null : "A pupil's year group is between -1 (nursery) and 13.";

    internal IReadOnlyList<object> Decide(SchoolDirectory.Pupil? known)
    {
        Require.Text(Name, "D2", "A pupil needs a name.");
        var dateOfBirth = DateOfBirthProblem(DateOfBirth, WorkingDayCalendar.LocalDate(Now));
        Require.That(dateOfBirth is null, "D2", dateOfBirth!);
        var yearGroup = YearGroupProblem(YearGroup);
        Require.That(yearGroup is null, "D2", yearGroup!);
        return SchoolDirectory.Put(known is not null, known == new SchoolDirectory.Pupil(PupilId, Name, DateOfBirth, YearGroup, false),
            () => new PupilAdded(PupilId, Name, DateOfBirth, YearGroup), () => new PupilUpdated(PupilId, Name, DateOfBirth, YearGroup));
    }
}

/// <summary>Record that a pupil has left. Their cases stay; retention runs from their date of birth.</summary>
public sealed record RemovePupil(Actor Actor, Guid PupilId) : IDirectoryCommand
{
    public Guid PersonId => PupilId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.Pupil? known) =>
        known is { HasLeft: false } ? [new PupilRemoved(PupilId)] : [];
}
