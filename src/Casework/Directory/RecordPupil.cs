using Casework.Calendar;
using Casework.Cases;

namespace Casework.Directory;

/// <summary>Add a pupil, or correct their details. Year group: -1 nursery, 0 reception, 1 to 13.</summary>
public sealed record RecordPupil(Actor Actor, Guid PupilId, string Name, DateOnly DateOfBirth, int YearGroup, DateTimeOffset Now) : IDirectoryCommand
{
    public Guid PersonId => PupilId;

    internal IReadOnlyList<object> Decide(SchoolDirectory.Pupil? known)
    {
        Require.Text(Name, "D2", "A pupil needs a name.");
        Require.That(DateOfBirth < WorkingDayCalendar.LocalDate(Now), "D2", "A pupil's date of birth must be in the past.");
        Require.That(YearGroup is >= -1 and <= 13, "D2", "A pupil's year group must be between nursery and year 13.");
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
