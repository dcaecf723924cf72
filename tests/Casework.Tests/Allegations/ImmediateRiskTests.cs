using Casework.Allegations;
using Casework.Cases;
using static Casework.Tests.TestSchool;
using static Casework.Tests.Allegations.AllegationTests;

namespace Casework.Tests.Allegations;

/// <summary>
/// KCSIE Part 4: when a child is at immediate risk of harm the police (and children's social care) are told at
/// once, before the harm threshold is assessed (R5), saying why (R3). Nothing else comes before the assessment.
/// </summary>
public class ImmediateRiskTests
{
    private const string Why = "The teacher has arranged to see the pupil alone this evening.";

    private static readonly Spec<Allegation.State> Unassessed = Spec.Allegation.Given(AboutTeacher, ToHead);

    [Fact]
    public void R5_a_police_referral_recording_an_immediate_risk_comes_before_the_threshold_assessment() =>
        Unassessed.When(new ReferToPolice(As(Head), Now, "Called 999.", "CAD-1", Earlier, ImmediateRisk: true, Rationale: Why))
            .Then(new CaseReferredToPolice("Called 999.", "CAD-1", Earlier, true, Why));

    [Fact]
    public void R5_a_social_care_referral_recording_an_immediate_risk_comes_before_the_threshold_assessment() =>
        Unassessed.When(new ReferToSocialCare(As(Head), Now, "Called the MASH.", null, Earlier, ImmediateRisk: true, Rationale: Why))
            .Then(new CaseReferredToSocialCare("Called the MASH.", null, Earlier, true, Why));

    [Fact]
    public void R5_a_police_referral_without_an_immediate_risk_waits_for_the_threshold_assessment() =>
        Unassessed.When(new ReferToPolice(As(Head), Now, "Reported on 101.", null, Earlier)).ThenRefuses("R5");

    [Fact]
    public void R5_a_social_care_referral_without_an_immediate_risk_waits_for_the_threshold_assessment() =>
        Unassessed.When(new ReferToSocialCare(As(Head), Now, "Referral.", null, Earlier)).ThenRefuses("R5");

    [Fact]
    public void R3_a_referral_recording_an_immediate_risk_needs_a_rationale()
    {
        Unassessed.When(new ReferToPolice(As(Head), Now, "Called 999.", null, Earlier, ImmediateRisk: true)).ThenRefuses("R3");
        Unassessed.When(new ReferToSocialCare(As(Head), Now, "Called the MASH.", null, Earlier, ImmediateRisk: true, Rationale: " ")).ThenRefuses("R3");
    }

    [Fact]
    public void R5_an_immediate_risk_referral_opens_nothing_else_before_the_assessment()
    {
        var referred = Unassessed.Do(new ReferToPolice(As(Head), Now, "Called 999.", null, Earlier, ImmediateRisk: true, Rationale: Why));

        referred.When(new RecordInvestigationStep(As(Head), Now, Id(200), "Interviewed the teacher.", Earlier)).ThenRefuses("R5");
        referred.When(new ReferToSocialCare(As(Head), Now, "Referral.", null, Earlier)).ThenRefuses("R5");
    }

    [Fact]
    public void R4_only_the_case_manager_refers_for_an_immediate_risk() =>
        Unassessed.When(new ReferToPolice(As(OtherTeacher), Now, "Called 999.", null, Earlier, ImmediateRisk: true, Rationale: Why)).ThenForbids("R4");

    [Fact]
    public void R5_allowed_actions_offer_the_referrals_before_the_assessment_since_an_immediate_risk_may_be_recorded()
    {
        var allowed = Allegation.AllowedActions(Unassessed.State, As(Head), Context, Now);

        Assert.Contains(CaseAction.ReferToPolice, allowed);
        Assert.Contains(CaseAction.ReferToSocialCare, allowed);
        Assert.DoesNotContain(CaseAction.RecordInvestigationStep, allowed);
        Assert.DoesNotContain(CaseAction.RecordEvidence, allowed);
    }

    [Fact]
    public void R14_the_same_immediate_risk_referral_again_records_nothing() =>
        Unassessed.Given(new CaseReferredToPolice("Called 999.", null, Earlier, true, Why))
            .When(new ReferToPolice(As(Head), Now, "Called 999.", null, Earlier, ImmediateRisk: true, Rationale: Why)).ThenNothing();
}
