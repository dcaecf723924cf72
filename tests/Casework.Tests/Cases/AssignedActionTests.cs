using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>
/// An action assigned to someone reaches them: they see that action (what, by when) and may complete it, and nothing
/// else of the case (Sight); an action never goes to someone outside the directory or someone the case hides everything from.
/// </summary>
public class AssignedActionTests
{
    private static readonly ConcernReported Reported = new(OtherTeacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)],
        ConcernCategory.Cyberbullying, "Nasty posts about Theo.", null, Earlier, null);

    private static readonly ActionAssigned ToTeacher = new(Id(700), Teacher, "Check in with Theo each morning.", new DateOnly(2026, 3, 13));

    [Fact]
    public void Sight_a_member_of_staff_with_an_open_action_sees_that_action_and_may_only_complete_it()
    {
        var assigned = Spec.Concern.Given(Reported, ToTeacher);

        Assert.Equal(CaseVisibility.None, Concern.Visibility(Spec.Concern.Given(Reported).State, As(Teacher)));
        Assert.Equal(CaseVisibility.Assigned, Concern.Visibility(assigned.State, As(Teacher)));
        Assert.Equal([CaseAction.CompleteAction], Concern.AllowedActions(assigned.State, As(Teacher), Context, Now));
        assigned.When(new CompleteAction(As(Teacher), Now, Id(700), "Spoke to Theo daily; he is settled."))
            .Then(new ActionCompleted(Id(700), "Spoke to Theo daily; he is settled."));
        assigned.When(new AddNote(As(Teacher), Now, Id(701), "A note.")).ThenForbids("R2");
    }

    [Fact]
    public void Sight_an_assignee_stops_seeing_the_case_once_their_action_is_completed()
    {
        var done = Spec.Concern.Given(Reported, ToTeacher).Do(new CompleteAction(As(Dsl), Now, Id(700), "Done by the DSL."));

        Assert.Equal(CaseVisibility.None, Concern.Visibility(done.State, As(Teacher)));
        Assert.Empty(Concern.AllowedActions(done.State, As(Teacher), Context, Now));
    }

    [Fact]
    public void R2_an_assignee_who_does_not_manage_the_case_cannot_complete_someone_elses_action()
    {
        var two = Spec.Concern.Given(Reported, ToTeacher, new ActionAssigned(Id(702), OtherTeacher, "Talk to the class.", null));

        two.When(new CompleteAction(As(Teacher), Now, Id(702), "Done.")).ThenForbids("R2");
        two.When(new CompleteAction(As(Dsl), Now, Id(702), "Done.")).Then(new ActionCompleted(Id(702), "Done."));
    }

    [Fact]
    public void R1_an_action_goes_to_a_member_of_staff_in_the_directory_who_has_not_left()
    {
        var reported = Spec.Concern.Given(Reported);

        reported.When(new AssignAction(As(Dsl), Now, Id(703), LeftStaff, "Follow up.", null)).ThenRefuses("R1");
        reported.When(new AssignAction(As(Dsl), Now, Id(703), Year3Pupil, "Follow up.", null)).ThenRefuses("R1");
        reported.When(new AssignAction(As(Dsl), Now, Id(703), Id(999), "Follow up.", null)).ThenRefuses("R1");
        reported.When(new AssignAction(As(Dsl), Now, Id(703), Teacher, "Follow up.", null)).Then(new ActionAssigned(Id(703), Teacher, "Follow up.", null));
    }

    [Fact]
    public void R4_no_action_on_an_allegation_goes_to_its_subject_nor_to_the_head_when_the_chair_manages_it()
    {
        var aboutTeacher = Spec.Allegation
            .Do(new ReportAllegation(As(OtherTeacher), Now, Teacher, "Messaged a pupil privately.", Earlier, false, false))
            .Do(new AssessHarmThreshold(As(Head), Now, [HarmLimb.BehaviourIndicatingRiskOfHarm], "Private contact with a pupil."));
        aboutTeacher.When(new AssignAction(As(Head), Now, Id(704), Teacher, "Hand in the school laptop.", null)).ThenRefuses("R4");
        aboutTeacher.When(new AssignAction(As(Head), Now, Id(704), Dsl, "Speak to the pupil.", null))
            .Then(new ActionAssigned(Id(704), Dsl, "Speak to the pupil.", null));

        var aboutHead = Spec.Allegation
            .Do(new ReportAllegation(As(Teacher), Now, Head, "The head messaged a pupil privately.", Earlier, false, false))
            .Do(new AssessHarmThreshold(As(Chair), Now, [HarmLimb.BehaviourIndicatingRiskOfHarm], "Private contact with a pupil."));
        aboutHead.When(new AssignAction(As(Chair), Now, Id(705), Head, "Explain the messages.", null)).ThenRefuses("R4");
    }

    [Fact]
    public void Sight_as_at_an_instant_an_assignee_sees_their_action_only_if_it_was_assigned_then_and_is_open_now()
    {
        var before = CaseRecord.Append(null, Id(800), 0, [Reported])!;
        var after = CaseRecord.Append(before, Id(800), 1, [ToTeacher])!;

        Assert.Equal(CaseVisibility.Assigned, Sight.Of(after, As(Teacher)));
        Assert.Equal(CaseVisibility.None, Sight.Of(after, before, As(Teacher)));
        Assert.Equal(CaseVisibility.Full, Sight.Of(after, before, As(Dsl)));
    }
}
