using Casework.Allegations;
using Casework.Cases;
using Casework.Concerns;
using Casework.Disclosures;
using Casework.ParentBreaches;
using Casework.Tests.Allegations;
using Casework.Tests.ParentBreaches;
using static Casework.Tests.TestSchool;

namespace Casework.Tests.Cases;

/// <summary>
/// nextSteps and waitingFor per kind and role (ADR 30): what the rules expect of this caller now, always among
/// their allowedActions, and what others must do; nothing for a reporter.
/// </summary>
public class NextStepsTests
{
    private static readonly ConcernReported Reported = new(Teacher, Earlier, [new PupilInvolved(Year3Pupil, PupilRole.Victim)],
        ConcernCategory.OnlineSafety, "Watched unsuitable videos.", null, Earlier, null);

    private static readonly CaseTriaged Triaged = new(RiskLevel.Medium, "Repeated, but no contact with adults.");

    private static Concern.State ConcernAfter(params object[] events) => events.Aggregate(Concern.Initial, Concern.Evolve);

    private static Allegation.State AllegationAfter(params object[] events) =>
        new object[] { AllegationTests.AboutTeacher, AllegationTests.ToHead }.Concat(events).Aggregate(Allegation.Initial, Allegation.Evolve);

    private static ParentBreach.State BreachAfter(params object[] events) => events.Aggregate(ParentBreach.Initial, ParentBreach.Evolve);

    // Every guidance must keep its next steps among the allowed actions.
    private static CaseGuidance Checked(CaseGuidance guidance)
    {
        Assert.All(guidance.NextSteps, step => Assert.Contains(step, guidance.AllowedActions));
        return guidance;
    }

    [Fact]
    public void R2_the_dsls_next_step_on_a_new_concern_is_triage_and_the_head_waits_for_it()
    {
        var state = ConcernAfter(Reported);
        Assert.Equal([CaseAction.Triage], Checked(Concern.Guidance(state, As(Dsl), Context, Now)).NextSteps);
        Assert.Empty(Concern.Guidance(state, As(Dsl), Context, Now).WaitingFor);
        Assert.Equal(["the DSL's triage"], Checked(Concern.Guidance(state, As(Auditor), Context, Now)).WaitingFor);
    }

    [Fact]
    public void R2_a_triaged_concern_expects_no_second_triage_but_the_risk_can_still_change()
    {
        var guidance = Checked(Concern.Guidance(ConcernAfter(Reported, Triaged), As(Dsl), Context, Now));
        Assert.DoesNotContain(CaseAction.Triage, guidance.NextSteps);
        Assert.Contains(CaseAction.Triage, guidance.AllowedActions);
    }

    [Fact]
    public void R1_a_reporter_is_shown_no_next_steps_and_waits_for_nothing()
    {
        var guidance = Concern.Guidance(ConcernAfter(Reported), As(Teacher), Context, Now);
        Assert.Empty(guidance.NextSteps);
        Assert.Empty(guidance.WaitingFor);
    }

    [Fact]
    public void R9_a_nudes_concern_expects_triage_then_the_ukcis_assessment_then_a_referral_when_a_criterion_holds()
    {
        var nudes = Reported with { Category = ConcernCategory.SharingNudes };
        Assert.Equal([CaseAction.Triage, CaseAction.AssessUkcisCriteria], Checked(Concern.Guidance(ConcernAfter(nudes), As(Dsl), Context, Now)).NextSteps);

        var assessed = ConcernAfter(nudes, Triaged, new NudesSharingAssessed([UkcisCriterion.AdultInvolved], false, "An adult asked for them."));
        Assert.Equal([CaseAction.ReferToPolice, CaseAction.ReferToSocialCare], Checked(Concern.Guidance(assessed, As(Dsl), Context, Now)).NextSteps);

        var handled = ConcernAfter(nudes, Triaged, new NudesSharingAssessed([], false, "Two Year 10s, consensual."));
        Assert.Equal([CaseAction.RecordDecision, CaseAction.ReferToPolice, CaseAction.ReferToSocialCare],
            Checked(Concern.Guidance(handled, As(Dsl), Context, Now)).NextSteps);
    }

    [Fact]
    public void R15_a_referral_waits_for_the_agencys_acknowledgement()
    {
        var state = ConcernAfter(Reported, Triaged, new CaseReferredToSocialCare("Referred.", null, Earlier));
        var guidance = Checked(Concern.Guidance(state, As(Dsl), Context, Now));
        Assert.Empty(guidance.NextSteps);
        Assert.Equal(["children's social care's acknowledgement"], guidance.WaitingFor);
    }

    [Fact]
    public void A_closed_case_expects_nothing()
    {
        var guidance = Concern.Guidance(ConcernAfter(Reported, new CaseClosed("Done.", "Resolved.")), As(Dsl), Context, Now);
        Assert.Empty(guidance.NextSteps);
        Assert.Empty(guidance.WaitingFor);
    }

    [Fact]
    public void R2_a_disclosure_expects_the_dsls_triage()
    {
        var state = Disclosure.Evolve(Disclosure.Initial,
            new DisclosureRecorded(Teacher, Earlier, Year6Pupil, Teacher, "My uncle hits me.", DisclosureAbout.Self, null, Earlier));
        Assert.Equal([CaseAction.Triage], Checked(Disclosure.Guidance(state, As(Dsl), Context, Now)).NextSteps);
        Assert.Empty(Disclosure.Guidance(state, As(Teacher), Context, Now).NextSteps);
    }

    [Fact]
    public void R5_the_heads_next_step_is_the_threshold_assessment_which_an_escalated_dsl_waits_for()
    {
        var state = AllegationAfter(new CaseEscalatedToDsl("Child protection."));
        Assert.Equal([CaseAction.AssessHarmThreshold], Checked(Allegation.Guidance(state, As(Head), Context, Now)).NextSteps);
        var dsl = Checked(Allegation.Guidance(state, As(Dsl), Context, Now));
        Assert.Empty(dsl.NextSteps);
        Assert.Equal(["the headteacher's harm threshold assessment"], dsl.WaitingFor);
    }

    [Fact]
    public void R5_once_the_threshold_is_met_the_lado_referral_is_next_then_the_outcome()
    {
        var met = AllegationAfter(AllegationTests.Met);
        Assert.Equal([CaseAction.ReferToLado, CaseAction.RecordOutcome], Checked(Allegation.Guidance(met, As(Head), Context, Now)).NextSteps);
    }

    [Fact]
    public void R4_after_the_referral_the_head_waits_for_the_lado_whose_next_step_is_to_acknowledge_and_advise()
    {
        var referred = AllegationAfter(AllegationTests.Met, AllegationTests.Referred);
        var head = Checked(Allegation.Guidance(referred, As(Head), Context, Now));
        Assert.DoesNotContain(CaseAction.ReferToLado, head.NextSteps);
        Assert.Contains(CaseAction.ReferToLado, head.AllowedActions); // the LADO may be contacted again with new information
        Assert.Contains("the LADO's acknowledgement", head.WaitingFor);

        var lado = Checked(Allegation.Guidance(referred, As(Lado), Context, Now));
        Assert.Equal([CaseAction.RecordLadoAdvice, CaseAction.RecordOutcome, CaseAction.RecordReferralAcknowledgement], lado.NextSteps);
        Assert.DoesNotContain("the LADO's acknowledgement", lado.WaitingFor);
    }

    [Fact]
    public void R5_below_the_threshold_a_low_level_concern_or_no_further_action_is_next()
    {
        var notMet = AllegationAfter(AllegationTests.NotMet);
        Assert.Equal([CaseAction.RecordLowLevelConcern, CaseAction.RecordDecision, CaseAction.RecordOutcome],
            Checked(Allegation.Guidance(notMet, As(Head), Context, Now)).NextSteps);
    }

    [Fact]
    public void R6_indecent_images_put_the_police_and_lado_referrals_first()
    {
        var images = AllegationAfter(new AllegationMaterialFound(true, false, "Found on a school laptop.", Earlier));
        Assert.Equal([CaseAction.ReferToPolice, CaseAction.ReferToLado, CaseAction.AssessHarmThreshold],
            Checked(Allegation.Guidance(images, As(Head), Context, Now)).NextSteps);
    }

    [Fact]
    public void R4_the_subject_is_shown_nothing()
    {
        var guidance = Allegation.Guidance(AllegationAfter(), As(Teacher), Context, Now);
        Assert.Empty(guidance.NextSteps);
        Assert.Empty(guidance.AllowedActions);
    }

    [Fact]
    public void R10_R12_a_parents_abuse_of_a_teacher_expects_the_invitation_then_the_teachers_wishes()
    {
        var state = BreachAfter(ParentBreachTests.Abuse);
        Assert.Equal([CaseAction.InviteToMeeting, CaseAction.RecordVictimWishes], Checked(ParentBreach.Guidance(state, As(Head), Context, Now)).NextSteps);
    }

    [Fact]
    public void R11_once_the_teacher_wants_the_police_the_referral_is_next_and_allowed()
    {
        var state = BreachAfter(ParentBreachTests.Abuse, new ParentInvitedToMeeting(Now, Earlier),
            new VictimWishesRecorded(Teacher, true, "Wants it reported.", Earlier));
        var guidance = Checked(ParentBreach.Guidance(state, As(Dsl), Context, Now));
        Assert.Equal([CaseAction.ReferToPolice], guidance.NextSteps);
    }

    [Fact]
    public void R11_a_threat_with_no_staff_victim_expects_a_police_referral_or_a_decision_not_to()
    {
        var state = BreachAfter(ParentBreachTests.Abuse with { TargetStaffId = null, Flags = [MaterialFlag.Threatening] });
        Assert.Equal([CaseAction.InviteToMeeting, CaseAction.ReferToPolice, CaseAction.RecordDecision],
            Checked(ParentBreach.Guidance(state, As(Head), Context, Now)).NextSteps);
    }

    [Fact]
    public void R12_when_the_teacher_wants_no_police_the_decision_not_to_refer_is_next()
    {
        var state = BreachAfter(ParentBreachTests.Abuse, new ParentInvitedToMeeting(Now, Earlier),
            new VictimWishesRecorded(Teacher, false, "Does not want it reported.", Earlier));
        var guidance = Checked(ParentBreach.Guidance(state, As(Head), Context, Now));
        Assert.Equal([CaseAction.RecordDecision], guidance.NextSteps);
        Assert.DoesNotContain(CaseAction.ReferToPolice, guidance.AllowedActions);
    }

    [Fact]
    public void R2_a_dsl_is_refused_escalating_a_case_to_the_dsl() =>
        Spec.ParentBreach.Given(ParentBreachTests.Abuse).When(new EscalateToDsl(As(Dsl), Now, "For the DSL.")).ThenForbids("R2");

    [Fact]
    public void R2_escalating_to_the_dsl_is_not_offered_to_a_dsl() =>
        Assert.DoesNotContain(CaseAction.EscalateToDsl, ParentBreach.AllowedActions(BreachAfter(ParentBreachTests.Abuse), As(Dsl), Context, Now));

    [Fact]
    public void R3_the_head_may_still_escalate_a_parent_breach_to_the_dsl() =>
        Assert.Contains(CaseAction.EscalateToDsl, ParentBreach.AllowedActions(BreachAfter(ParentBreachTests.Abuse), As(Head), Context, Now));
}
