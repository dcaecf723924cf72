using Casework.Allegations;
using Casework.Cases;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

/// <summary>An allegation names the children involved: from the directory (which makes them parties) or in words.</summary>
public class ChildrenInvolvedTests
{
    private static ReportAllegation Report(Casework.Cases.ValueList<Guid>? pupils, string? others = null) =>
        new(As(OtherTeacher), Now, Teacher, "Grabbed a pupil's arm.", Earlier, false, false, PupilIds: pupils, OtherChildren: others);

    [Fact]
    public void R1_an_allegation_records_the_children_from_the_directory_and_those_named_in_words()
    {
        var reported = Assert.Single(Spec.Allegation.When(Report([Year6Pupil, Year6Pupil, Year8Pupil], "A visiting pupil")).Events.OfType<AllegationReported>());
        Assert.Equal([Year6Pupil, Year8Pupil], reported.PupilIds!);
        Assert.Equal("A visiting pupil", reported.OtherChildren);
    }

    [Fact]
    public void R1_a_child_named_by_an_id_the_directory_does_not_hold_is_refused() =>
        Spec.Allegation.When(Report([Id(999)])).ThenRefuses("R1");

    [Fact]
    public void The_children_named_from_the_directory_are_the_allegations_pupils_and_so_in_their_chronology()
    {
        var events = Spec.Allegation.When(Report([Year3Pupil])).Events;
        var @case = events.Skip(1).Aggregate(Case.Open(events[0])!, (c, e) => c.Evolve(e));
        Assert.Equal([Year3Pupil], @case.Parties.Pupils);
    }

    [Fact]
    public void An_allegation_stored_before_children_were_named_has_no_pupils() =>
        Assert.Empty(AllegationCase.New.Evolve(AllegationTests.AboutTeacher).Parties.Pupils);
}
