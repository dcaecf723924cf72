using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.ParentBreaches;
using Casework.Tests.Allegations;
using Casework.Tests.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>allowedActions per role, from the same guards Decide runs.</summary>
public class AllowedActionsTests
{
    private static readonly Concern.State OpenConcern = Concern.Evolve(Concern.Initial, new ConcernReported(Teacher, Earlier,
        [new PupilInvolved(Year3Pupil, PupilRole.Victim)], ConcernCategory.OnlineSafety, "Watched unsuitable videos.", null, Earlier, null));

    private static readonly Allegation.State NewAllegation =
        new object[] { AllegationTests.AboutTeacher, AllegationTests.ToHead }.Aggregate(Allegation.Initial, Allegation.Evolve);

    [Fact]
    public void R2_the_dsl_may_triage_and_work_an_open_concern()
    {
        var allowed = Concern.AllowedActions(OpenConcern, As(Dsl), Context, Now);
        Assert.Contains(CaseActions.Triage, allowed);
        Assert.Contains(CaseActions.ReferToSocialCare, allowed);
        Assert.Contains(CaseActions.Close, allowed);
        Assert.DoesNotContain(CaseActions.Reopen, allowed);
        Assert.DoesNotContain(CaseActions.AssessUkcisCriteria, allowed);
        Assert.DoesNotContain(CaseActions.CompleteAction, allowed);
    }

    [Theory]
    [InlineData(4)] // the teacher who reported it
    [InlineData(1)] // the headteacher
    [InlineData(7)] // an auditor
    [InlineData(8)] // the administrator
    public void R2_nobody_but_the_dsl_may_act_on_a_concern(int person) =>
        Assert.DoesNotContain(Concern.AllowedActions(OpenConcern, As(Id(person)), Context, Now), a => a != CaseActions.ShareTimeline);

    [Fact]
    public void R5_before_the_threshold_the_headteacher_may_only_assess_or_contact_the_lado() =>
        Assert.Equal(
            [CaseActions.AddNote, CaseActions.AssessHarmThreshold, CaseActions.RecordLadoAdvice, CaseActions.ReferToLado, CaseActions.ShareTimeline],
            Allegation.AllowedActions(NewAllegation, As(Head), Context, Now).Order());

    [Fact]
    public void R5_after_the_threshold_the_headteacher_may_investigate()
    {
        var allowed = Allegation.AllowedActions(Allegation.Evolve(NewAllegation, AllegationTests.Met), As(Head), Context, Now);
        Assert.Contains(CaseActions.RecordInvestigationStep, allowed);
        Assert.Contains(CaseActions.RecordOutcome, allowed);
        Assert.DoesNotContain(CaseActions.RecordLowLevelConcern, allowed);
        Assert.DoesNotContain(CaseActions.Close, allowed);
    }

    [Fact]
    public void R4_the_subject_and_the_lado_liaison_before_referral_may_do_nothing()
    {
        Assert.Empty(Allegation.AllowedActions(NewAllegation, As(Teacher), Context, Now));
        Assert.Empty(Allegation.AllowedActions(NewAllegation, As(Lado), Context, Now));
        Assert.False(Allegation.CanRead(NewAllegation, As(Teacher)));
        Assert.False(Allegation.CanRead(NewAllegation, As(Lado)));
    }

    [Fact]
    public void R4_the_lado_liaison_may_do_the_lados_part_once_referred() =>
        Assert.Equal(
            [CaseActions.AddNote, CaseActions.RecordLadoAdvice, CaseActions.RecordReferralAcknowledgement, CaseActions.ShareTimeline],
            Allegation.AllowedActions(Allegation.Evolve(NewAllegation, AllegationTests.Referred), As(Lado), Context, Now).Order());

    [Fact]
    public void An_auditor_reads_everything_and_changes_nothing()
    {
        Assert.True(Allegation.CanRead(NewAllegation, As(Auditor)));
        Assert.Empty(Allegation.AllowedActions(NewAllegation, As(Auditor), Context, Now));
    }

    [Fact]
    public void The_administrator_sees_no_case_content()
    {
        Assert.False(Allegation.CanRead(NewAllegation, As(Admin)));
        Assert.False(Concern.CanRead(OpenConcern, As(Admin)));
        Assert.Empty(Concern.AllowedActions(OpenConcern, As(Admin), Context, Now));
    }

    [Fact]
    public void R10_a_sanction_is_offered_only_after_the_meeting_invitation()
    {
        var reported = ParentBreach.Evolve(ParentBreach.Initial, ParentBreachTests.Abuse);
        Assert.DoesNotContain(CaseActions.ApplySanction, ParentBreach.AllowedActions(reported, As(Head), Context, Now));
        var invited = ParentBreach.Evolve(reported, new ParentInvitedToMeeting(Now, Earlier));
        Assert.Contains(CaseActions.ApplySanction, ParentBreach.AllowedActions(invited, As(Dsl), Context, Now));
        Assert.DoesNotContain(CaseActions.InviteToMeeting, ParentBreach.AllowedActions(invited, As(Dsl), Context, Now));
    }

    [Fact]
    public void Every_allowed_action_is_one_the_decider_accepts()
    {
        var state = Allegation.Evolve(NewAllegation, AllegationTests.Met);
        Assert.All(Allegation.AllowedActions(state, As(Head), Context, Now), action => Assert.Null(Allegation.Check(action, state, As(Head), Context, Now)));
    }
}
