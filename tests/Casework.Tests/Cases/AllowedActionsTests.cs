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
    public void R2_the_dsl_may_triage_and_work_an_open_concern_and_close_it_once_triaged()
    {
        var allowed = Concern.AllowedActions(OpenConcern, As(Dsl), Context, Now);
        Assert.Contains(CaseAction.Triage, allowed);
        Assert.Contains(CaseAction.ReferToSocialCare, allowed);
        Assert.DoesNotContain(CaseAction.Close, allowed);
        Assert.Contains(CaseAction.Close, Concern.AllowedActions(Concern.Evolve(OpenConcern, new CaseTriaged(RiskLevel.Low, "Minor.")), As(Dsl), Context, Now));
        Assert.DoesNotContain(CaseAction.Reopen, allowed);
        Assert.DoesNotContain(CaseAction.AssessUkcisCriteria, allowed);
        Assert.DoesNotContain(CaseAction.CompleteAction, allowed);
    }

    [Theory]
    [InlineData(4)] // the teacher who reported it
    [InlineData(1)] // the headteacher
    [InlineData(7)] // an auditor
    [InlineData(8)] // the administrator
    public void R2_nobody_but_the_dsl_may_act_on_a_concern(int person) =>
        Assert.DoesNotContain(Concern.AllowedActions(OpenConcern, As(Id(person)), Context, Now), a => a != CaseAction.ShareTimeline);

    [Fact]
    public void R5_before_the_threshold_the_headteacher_may_only_assess_contact_the_lado_or_refer_an_immediate_risk() =>
        Assert.Equal(
            // A legal hold (ADR 35) keeps the record; it decides nothing about the allegation.
            [CaseAction.AddNote, CaseAction.AssessHarmThreshold, CaseAction.PlaceLegalHold, CaseAction.RecordLadoAdvice, CaseAction.RecordMaterialFound, CaseAction.ReferToLado,
                CaseAction.ReferToPolice, CaseAction.ReferToSocialCare, CaseAction.ShareTimeline],
            Allegation.AllowedActions(NewAllegation, As(Head), Context, Now).OrderBy(a => a.ToString(), StringComparer.Ordinal));

    [Fact]
    public void R5_after_the_threshold_the_headteacher_may_investigate()
    {
        var allowed = Allegation.AllowedActions(Allegation.Evolve(NewAllegation, AllegationTests.Met), As(Head), Context, Now);
        Assert.Contains(CaseAction.RecordInvestigationStep, allowed);
        Assert.Contains(CaseAction.RecordOutcome, allowed);
        Assert.DoesNotContain(CaseAction.RecordLowLevelConcern, allowed);
        Assert.DoesNotContain(CaseAction.Close, allowed);
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
            [CaseAction.AddNote, CaseAction.RecordLadoAdvice, CaseAction.RecordReferralAcknowledgement, CaseAction.ShareTimeline],
            Allegation.AllowedActions(Allegation.Evolve(NewAllegation, AllegationTests.Referred), As(Lado), Context, Now).OrderBy(a => a.ToString(), StringComparer.Ordinal));

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
        Assert.DoesNotContain(CaseAction.ApplySanction, ParentBreach.AllowedActions(reported, As(Head), Context, Now));
        var invited = ParentBreach.Evolve(reported, new ParentInvitedToMeeting(Now, Earlier));
        Assert.Contains(CaseAction.ApplySanction, ParentBreach.AllowedActions(invited, As(Dsl), Context, Now));
        Assert.DoesNotContain(CaseAction.InviteToMeeting, ParentBreach.AllowedActions(invited, As(Dsl), Context, Now));
    }

    // Every request's own example, as a command at a time after all the examples' dates.
    private static readonly DateTimeOffset Later = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static IEnumerable<ICaseCommand> Examples(Actor actor) =>
        typeof(ICaseRequest).Assembly.GetTypes()
            .Where(t => typeof(ICaseRequest).IsAssignableFrom(t) && !t.IsInterface)
            .Select(t => (ICaseRequest)t.GetProperty("Example")!.GetValue(null)!)
            .Select(r => r.ToCommand(actor, Later));

    public static TheoryData<string, Guid> KindsAndActors() => new()
    {
        { "concern", Dsl }, { "concern", Teacher }, { "concern", Head }, { "concern", Auditor },
        { "allegation", Head }, { "allegation", Chair }, { "allegation", Dsl }, { "allegation", Teacher }, { "allegation", Lado },
        { "parent-breach", Head }, { "parent-breach", Dsl }, { "parent-breach", Teacher },
    };

    /// <summary>
    /// allowedActions promises the UI a button that works: for every action it lists, the decider must not answer
    /// "not permitted" (a rule about the particular input, such as a blank field, may still refuse).
    /// </summary>
    [Theory]
    [MemberData(nameof(KindsAndActors))]
    public void Every_allowed_action_is_permitted_by_the_decider(string kind, Guid who)
    {
        var actor = As(who);
        var (allowed, decide) = kind switch
        {
            "concern" => (Concern.AllowedActions(OpenConcern, actor, Context, Later), (Func<ICaseCommand, IReadOnlyList<object>>)(c => Concern.Decide(c, OpenConcern, Context))),
            "allegation" => (Allegation.AllowedActions(MetAllegation, actor, Context, Later), c => Allegation.Decide(c, MetAllegation, Context)),
            _ => (ParentBreach.AllowedActions(InvitedBreach, actor, Context, Later), c => ParentBreach.Decide(c, InvitedBreach, Context)),
        };
        var commands = Examples(actor).Where(c => allowed.Contains(c.Action)).ToList();

        Assert.All(allowed, action => Assert.Contains(commands, c => c.Action == action));
        Assert.All(commands, command =>
        {
            var refused = Record.Exception(() => decide(command));
            Assert.False(refused is NotPermitted, $"{command.Action} is offered to {string.Join("/", actor.Roles)} but refused: {refused?.Message}");
        });
    }

    private static readonly Allegation.State MetAllegation = Allegation.Evolve(NewAllegation, AllegationTests.Met);

    private static readonly ParentBreach.State InvitedBreach =
        new object[] { ParentBreachTests.Abuse, new ParentInvitedToMeeting(Now, Earlier) }.Aggregate(ParentBreach.Initial, ParentBreach.Evolve);
}
