using Casework.Allegations;
using Casework.Cases;
using static Casework.Tests.Allegations.AllegationTests;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Allegations;

/// <summary>R4, routing follows the directory (ADR 14): the decision the re-routing handler makes for each open allegation.</summary>
public class RouteAllegationsTests
{
    private static Allegation.State State(params object[] events) => events.Aggregate(Allegation.Initial, Allegation.Evolve);

    private static CaseContext With(Guid id, Func<StaffFacts, StaffFacts> change) =>
        Context with { Staff = new Dictionary<Guid, StaffFacts>(Context.Staff) { [id] = change(Context.Staff[id]) } };

    private static CaseContext TeacherIsHead { get; } = With(Teacher, s => s with { Roles = new HashSet<Role> { Role.Staff, Role.Headteacher } });

    [Fact]
    public void R4_an_open_allegation_moves_to_the_chair_when_its_subject_becomes_headteacher() =>
        Assert.Equal([new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors, "The subject became the headteacher.")],
            Allegation.Reroute(State(AboutTeacher, ToHead), TeacherIsHead));

    [Fact]
    public void R4_it_moves_back_to_the_headteacher_when_the_subject_stops_being_headteacher() =>
        Assert.Equal([new AllegationCaseManagerAssigned(Head, Role.Headteacher, "The subject is no longer the headteacher.")],
            Allegation.Reroute(State(AboutTeacher, new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors)), Context));

    [Fact]
    public void R14_re_routing_when_the_manager_is_already_right_records_nothing()
    {
        Assert.Empty(Allegation.Reroute(State(AboutTeacher, ToHead), Context));
        Assert.Empty(Allegation.Reroute(State(AboutTeacher, new AllegationCaseManagerAssigned(Chair, Role.ChairOfGovernors)), TeacherIsHead));
    }

    [Fact]
    public void R4_a_closed_allegation_is_not_re_routed() =>
        Assert.Empty(Allegation.Reroute(State(AboutTeacher, ToHead, NotMet, new LowLevelConcernRecorded("s", "r"),
            new AllegationOutcomeRecorded(AllegationOutcome.Unsubstantiated, "r"), new CaseClosed("Concluded.", "All steps complete.")), TeacherIsHead));

    [Fact]
    public void R4_a_headteacher_who_has_left_is_no_longer_the_headteacher()
    {
        var left = With(Head, s => s with { HasLeft = true });
        Assert.False(left.IsHeadteacher(Head));
        Assert.True(Context.IsHeadteacher(Head));
        Assert.False(Context.IsHeadteacher(Guid.Empty));
    }
}
